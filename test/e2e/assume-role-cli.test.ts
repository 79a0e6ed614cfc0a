/**
 * sts:AssumeRole through the real aws CLI v1 and boto3 against `trustbridge up`: a profile with
 * role_arn + source_profile (the admin key), a profile with role_arn whose source is a
 * web_identity_token_file profile, and the chain web identity → role A → role B by explicit
 * calls with session credentials, showing the chained one-hour cap (AWS's text) and a transitive
 * tag set at the first AssumeRole seen by B's trust policy as aws:PrincipalTag
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminEnv, clientEnv, removeDir, run, startStack, trustbridge, type RunningStack } from './stack.js';

const ACCOUNT = '000000000000';
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

describe('sts:AssumeRole through the aws CLI and boto3', () => {
  let stack: RunningStack;
  let admin: NodeJS.ProcessEnv;
  let tokenFile: string;
  let configFile: string;
  let homeDir: string;

  function aws(args: string[], env: NodeJS.ProcessEnv = admin) {
    return run('aws', [...args, '--output', 'json'], env);
  }
  function ok(args: string[], env: NodeJS.ProcessEnv = admin): Record<string, unknown> {
    const result = aws(args, env);
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
  }
  function sessionEnv(creds: Credentials): NodeJS.ProcessEnv {
    return clientEnv({
      AWS_ENDPOINT_URL: stack.env.AWS_ENDPOINT_URL ?? '',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
    });
  }
  const trust = (principal: string[], action: string[], condition?: object) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: action, ...(condition ? { Condition: condition } : {}) }],
    });
  const allow = (action: string[], resource: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

  before(async () => {
    stack = await startStack();
    admin = adminEnv(stack);
    const deploy = stack.env.ROLE_ARN ?? '';
    // gitlab-deploy (the web-identity role) may assume and tag chain-a; chain-a may assume chain-b.
    ok([
      'iam',
      'put-role-policy',
      '--role-name',
      'gitlab-deploy',
      '--policy-name',
      'chain',
      '--policy-document',
      allow(['sts:AssumeRole', 'sts:TagSession'], ROLE('chain-a')),
    ]);
    ok([
      'iam',
      'create-role',
      '--role-name',
      'chain-a',
      '--max-session-duration',
      '43200',
      '--assume-role-policy-document',
      trust([ACCOUNT, deploy], ['sts:AssumeRole', 'sts:TagSession']),
    ]);
    ok([
      'iam',
      'put-role-policy',
      '--role-name',
      'chain-a',
      '--policy-name',
      'next',
      '--policy-document',
      allow(['sts:AssumeRole'], ROLE('chain-b')),
    ]);
    ok([
      'iam',
      'create-role',
      '--role-name',
      'chain-b',
      '--max-session-duration',
      '43200',
      '--assume-role-policy-document',
      trust([ROLE('chain-a')], ['sts:AssumeRole'], { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }),
    ]);
    ok([
      'iam',
      'create-role',
      '--role-name',
      'partner',
      '--assume-role-policy-document',
      trust([ACCOUNT], ['sts:AssumeRole'], { StringEquals: { 'sts:ExternalId': 'tenant-42' } }),
    ]);

    const minted = trustbridge(['token', '--dir', stack.dir, '--project', 'mygroup/myproject', '--ref', 'main']);
    assert.equal(minted.status, 0, minted.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'tb-chain-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${minted.stdout.trim()}\n`);
    configFile = join(dir, 'config');
    homeDir = dir;
    writeFileSync(
      configFile,
      [
        '[default]',
        'cli_follow_urlparam = false',
        '[profile admin]',
        `aws_access_key_id = ${stack.env.AWS_ACCESS_KEY_ID ?? ''}`,
        `aws_secret_access_key = ${stack.env.AWS_SECRET_ACCESS_KEY ?? ''}`,
        '[profile chained]',
        `role_arn = ${ROLE('chain-a')}`,
        'source_profile = admin',
        'role_session_name = from-admin',
        '[profile ci]',
        `role_arn = ${deploy}`,
        `web_identity_token_file = ${tokenFile}`,
        'role_session_name = ci-job',
        '[profile ci-then-a]',
        `role_arn = ${ROLE('chain-a')}`,
        'source_profile = ci',
        'role_session_name = from-ci',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await stack.stop();
    removeDir(stack.dir);
  });

  function profileEnv(): NodeJS.ProcessEnv {
    // HOME of its own: the CLI caches assumed-role credentials under ~/.aws/cli/cache, keyed by profile, not endpoint.
    return {
      ...clientEnv({ AWS_ENDPOINT_URL: stack.env.AWS_ENDPOINT_URL ?? '', AWS_DEFAULT_REGION: 'us-east-1' }),
      AWS_CONFIG_FILE: configFile,
      HOME: homeDir,
    };
  }

  test('a role_arn + source_profile profile (admin keys) is the assumed role', () => {
    const identity = ok(['sts', 'get-caller-identity', '--profile', 'chained'], profileEnv());
    assert.equal(identity['Arn'], `arn:aws:sts::${ACCOUNT}:assumed-role/chain-a/from-admin`);
  });

  test('a role_arn profile whose source is a web_identity_token_file profile: web identity → chain-a', () => {
    const identity = ok(['sts', 'get-caller-identity', '--profile', 'ci-then-a'], profileEnv());
    assert.equal(identity['Arn'], `arn:aws:sts::${ACCOUNT}:assumed-role/chain-a/from-ci`);
  });

  test("web identity → chain-a (transitive tag) → chain-b: the one-hour cap and the tag in B's trust policy", () => {
    const web = ok(
      [
        'sts',
        'assume-role-with-web-identity',
        '--role-arn',
        stack.env.ROLE_ARN ?? '',
        '--role-session-name',
        'ci-job',
        '--web-identity-token',
        `file://${tokenFile}`,
      ],
      clientEnv({ AWS_ENDPOINT_URL: stack.env.AWS_ENDPOINT_URL ?? '', AWS_DEFAULT_REGION: 'us-east-1' }),
    );
    const deploySession = sessionEnv(web['Credentials'] as Credentials);
    const tagged = ok(
      [
        'sts',
        'assume-role',
        '--role-arn',
        ROLE('chain-a'),
        '--role-session-name',
        'tagged',
        '--tags',
        'Key=team,Value=blue',
        '--transitive-tag-keys',
        'team',
      ],
      deploySession,
    );
    assert.deepEqual(Object.keys(tagged), ['Credentials', 'AssumedRoleUser', 'PackedPolicySize']);
    const plain = ok(['sts', 'assume-role', '--role-arn', ROLE('chain-a'), '--role-session-name', 'plain'], deploySession);
    const aTagged = sessionEnv(tagged['Credentials'] as Credentials);

    const tooLong = aws(
      ['sts', 'assume-role', '--role-arn', ROLE('chain-b'), '--role-session-name', 'bb', '--duration-seconds', '7200'],
      aTagged,
    );
    assert.notEqual(tooLong.status, 0);
    assert.match(
      tooLong.stderr,
      /An error occurred \(ValidationError\) when calling the AssumeRole operation: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining\./,
    );

    const b = ok(['sts', 'assume-role', '--role-arn', ROLE('chain-b'), '--role-session-name', 'bb', '--duration-seconds', '3600'], aTagged);
    assert.deepEqual(b['AssumedRoleUser'], {
      AssumedRoleId: (b['AssumedRoleUser'] as { AssumedRoleId: string }).AssumedRoleId,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/chain-b/bb`,
    });
    const bIdentity = ok(['sts', 'get-caller-identity'], sessionEnv(b['Credentials'] as Credentials));
    assert.equal(bIdentity['Arn'], `arn:aws:sts::${ACCOUNT}:assumed-role/chain-b/bb`);

    // Without the transitive tag, chain-b's trust policy refuses chain-a's session.
    const untagged = aws(
      ['sts', 'assume-role', '--role-arn', ROLE('chain-b'), '--role-session-name', 'bb'],
      sessionEnv(plain['Credentials'] as Credentials),
    );
    assert.notEqual(untagged.status, 0);
    assert.match(
      untagged.stderr,
      new RegExp(
        `\\(AccessDenied\\) when calling the AssumeRole operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/chain-a/plain is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/chain-b$`,
        'm',
      ),
    );

    // chain-b has no policy allowing sts:AssumeRole: its session may not go back to chain-a, though chain-a trusts the account.
    const back = aws(
      ['sts', 'assume-role', '--role-arn', ROLE('chain-a'), '--role-session-name', 'back'],
      sessionEnv(b['Credentials'] as Credentials),
    );
    assert.notEqual(back.status, 0);
    assert.match(
      back.stderr,
      new RegExp(
        `\\(AccessDenied\\) when calling the AssumeRole operation: User: arn:aws:sts::${ACCOUNT}:assumed-role/chain-b/bb is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/chain-a because no identity-based policy allows the sts:AssumeRole action`,
      ),
    );
  });

  test('boto3: ExternalId right → a session; wrong or missing → AccessDenied', () => {
    const script = `
import json, sys, boto3, botocore.exceptions
sts = boto3.client('sts')
out = {}
for label, extra in (('right', {'ExternalId': 'tenant-42'}), ('wrong', {'ExternalId': 'tenant-43'}), ('missing', {})):
    try:
        r = sts.assume_role(RoleArn='${ROLE('partner')}', RoleSessionName='partner', **extra)
        out[label] = r['AssumedRoleUser']['Arn']
    except botocore.exceptions.ClientError as e:
        out[label] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const result = run('python3', ['-c', script], admin);
    assert.equal(result.status, 0, result.stderr);
    const denied = [
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${ROLE('partner')}`,
      403,
    ];
    assert.deepEqual(JSON.parse(result.stdout), {
      right: `arn:aws:sts::${ACCOUNT}:assumed-role/partner/partner`,
      wrong: denied,
      missing: denied,
    });
  });
});
