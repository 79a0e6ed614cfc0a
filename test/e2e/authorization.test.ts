/**
 * Signed calls by an assumed-role session are authorised by the role's policies, end to end:
 * the real aws CLI with session credentials from `trustbridge up`, refused with AWS's
 * AccessDenied text until an inline policy allows the action (wording:
 * aws/aws-pdk#104, aws-amplify/amplify-backend#2258).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminEnv, clientEnv, removeDir, run, startStack, trustbridge, type RunningStack } from './stack.js';

describe('authorisation of assumed-role sessions', () => {
  let stack: RunningStack;
  let session: NodeJS.ProcessEnv;

  before(async () => {
    stack = await startStack();
    const token = trustbridge(['token', '--dir', stack.dir, '--project', 'mygroup/myproject', '--ref', 'main']).stdout.trim();
    const assumed = trustbridge(['assume', '--endpoint', stack.env.AWS_ENDPOINT_URL ?? '', '--role-arn', stack.env.ROLE_ARN ?? '', '--token', token, '--session-name', 'ci-job', '--format', 'credential-process']);
    assert.equal(assumed.status, 0, assumed.stderr);
    const creds = JSON.parse(assumed.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    session = clientEnv({
      AWS_ENDPOINT_URL: stack.env.AWS_ENDPOINT_URL ?? '',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
    });
  });
  after(async () => {
    await stack.stop();
    removeDir(stack.dir);
  });

  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::000000000000:oidc-provider/example.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] });

  test('a session whose role has no policy may not create a role, with AWS\'s words', () => {
    const result = run('aws', ['iam', 'create-role', '--role-name', 'x', '--assume-role-policy-document', trust], session);
    assert.notEqual(result.status, 0);
    assert.equal(
      result.stderr.trim(),
      'An error occurred (AccessDenied) when calling the CreateRole operation: User: arn:aws:sts::000000000000:assumed-role/gitlab-deploy/ci-job is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::000000000000:role/x because no identity-based policy allows the iam:CreateRole action',
    );
  });

  test('an inline policy on the role grants exactly what it names; get-caller-identity needs no permission', () => {
    const admin = adminEnv(stack);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] });
    const put = run('aws', ['iam', 'put-role-policy', '--role-name', 'gitlab-deploy', '--policy-name', 'list', '--policy-document', policy], admin);
    assert.equal(put.status, 0, put.stderr);

    const listed = run('aws', ['iam', 'list-roles', '--query', 'Roles[].RoleName', '--output', 'text'], session);
    assert.equal(listed.stdout.trim(), 'gitlab-deploy', listed.stderr);
    const who = run('aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], session);
    assert.equal(who.stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/ci-job', who.stderr);
    const refused = run('aws', ['iam', 'delete-role', '--role-name', 'gitlab-deploy'], session);
    assert.match(refused.stderr, /is not authorized to perform: iam:DeleteRole on resource: arn:aws:iam::000000000000:role\/gitlab-deploy because no identity-based policy allows the iam:DeleteRole action/);
  });

  test('an AWS-managed policy attached to the role is enforced; AWS-managed policies are read-only; a boundary caps the role', () => {
    const admin = adminEnv(stack);
    const readOnly = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
    const got = run('aws', ['iam', 'get-policy', '--policy-arn', readOnly, '--query', 'Policy.[PolicyName,Path,IsAttachable]', '--output', 'text'], admin);
    assert.equal(got.stdout.trim(), 'IAMReadOnlyAccess\t/\tTrue', got.stderr);
    const attach = run('aws', ['iam', 'attach-role-policy', '--role-name', 'gitlab-deploy', '--policy-arn', readOnly], admin);
    assert.equal(attach.status, 0, attach.stderr);

    // The session may now read what IAMReadOnlyAccess allows (iam:Get*), and still not write.
    const read = run('aws', ['iam', 'get-role', '--role-name', 'gitlab-deploy', '--query', 'Role.RoleName', '--output', 'text'], session);
    assert.equal(read.stdout.trim(), 'gitlab-deploy', read.stderr);
    const write = run('aws', ['iam', 'create-role', '--role-name', 'y', '--assume-role-policy-document', trust], session);
    assert.match(write.stderr, /is not authorized to perform: iam:CreateRole .* because no identity-based policy allows the iam:CreateRole action/);

    // AWS's 403s for changing what AWS owns.
    const del = run('aws', ['iam', 'delete-policy', '--policy-arn', readOnly], admin);
    assert.equal(del.stderr.trim(), 'An error occurred (AccessDenied) when calling the DeletePolicy operation: Cannot delete policies outside your own account.');
    const setDefault = run('aws', ['iam', 'set-default-policy-version', '--policy-arn', readOnly, '--version-id', 'v1'], admin);
    assert.equal(setDefault.stderr.trim(), 'An error occurred (AccessDenied) when calling the SetDefaultPolicyVersion operation: Cannot update policies outside your own account.');
    const delVersion = run('aws', ['iam', 'delete-policy-version', '--policy-arn', readOnly, '--version-id', 'v1'], admin);
    assert.equal(delVersion.stderr.trim(), 'An error occurred (AccessDenied) when calling the DeletePolicyVersion operation: Cannot delete policy versions for policies outside your own account.');
    const listed = run('aws', ['iam', 'list-policies', '--scope', 'AWS', '--no-paginate', '--query', '[length(Policies), IsTruncated]', '--output', 'text'], admin);
    assert.equal(listed.stdout.trim(), '100\tTrue', listed.stderr);

    // An AWS-managed boundary that allows only S3 reads: the role's IAM permissions no longer apply.
    const bound = run('aws', ['iam', 'put-role-permissions-boundary', '--role-name', 'gitlab-deploy', '--permissions-boundary', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'], admin);
    assert.equal(bound.status, 0, bound.stderr);
    const capped = run('aws', ['iam', 'get-role', '--role-name', 'gitlab-deploy'], session);
    assert.match(capped.stderr, /is not authorized to perform: iam:GetRole on resource: arn:aws:iam::000000000000:role\/gitlab-deploy because no permissions boundary allows the iam:GetRole action/);
    const unbound = run('aws', ['iam', 'delete-role-permissions-boundary', '--role-name', 'gitlab-deploy'], admin);
    assert.equal(unbound.status, 0, unbound.stderr);
  });
});
