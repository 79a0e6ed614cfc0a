/**
 * GitLab's tutorial end to end, against the real `trustbridge up`, driven by the real aws CLI:
 * the job script byte for byte, the tutorial's `.gitlab-ci.yml` through `trustbridge run`, and
 * the troubleshooting section's first case ("Not authorized to perform
 * sts:AssumeRoleWithWebIdentity") for a branch the role does not trust.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { clientEnv, REPO_ROOT, run, trustbridge, useStack } from './stack.js';

// The script lines of the tutorial's `assume role` job, folded as YAML's `>` folds them
// (https://docs.gitlab.com/ci/cloud_services/aws/, "Retrieve temporary credentials").
const TUTORIAL_SCRIPT = [
  'export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s" ' +
    '$(aws sts assume-role-with-web-identity ' +
    '--role-arn ${ROLE_ARN} ' +
    '--role-session-name "GitLabRunner-${CI_PROJECT_ID}-${CI_PIPELINE_ID}" ' +
    '--web-identity-token ${GITLAB_OIDC_TOKEN} ' +
    '--duration-seconds 3600 ' +
    "--query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' " +
    '--output text))',
  'aws sts get-caller-identity',
].join('\n');

// AWS's answer when the trust policy does not match (aws/aws-sdk-java-v2#1470; the
// tutorial's troubleshooting section quotes the CLI line).
const NOT_AUTHORIZED =
  'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity';

describe('the tutorial against trustbridge up', () => {
  const stack = useStack();

  /** What a CI job sees: the endpoint and role, no admin key. */
  function jobEnv(token: string): NodeJS.ProcessEnv {
    return clientEnv({
      AWS_ENDPOINT_URL: stack().env.AWS_ENDPOINT_URL ?? '',
      AWS_DEFAULT_REGION: 'us-east-1',
      ROLE_ARN: stack().env.ROLE_ARN ?? '',
      GITLAB_OIDC_TOKEN: token,
      CI_PROJECT_ID: '42',
      CI_PIPELINE_ID: '1001',
    });
  }

  function mint(ref: string): string {
    const minted = trustbridge(['token', '--dir', stack().dir, '--project', 'mygroup/myproject', '--ref', ref]);
    assert.equal(minted.status, 0, minted.stderr);
    return minted.stdout.trim();
  }

  test('up writes D/env with everything the tutorial needs', () => {
    for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'ROLE_ARN', 'TRUSTBRIDGE_ISSUER_URL', 'TRUSTBRIDGE_CA_FILE']) {
      assert.ok(stack().env[name], `${name} missing from D/env`);
    }
    assert.equal(stack().env.ROLE_ARN, 'arn:aws:iam::000000000000:role/gitlab-deploy');
    assert.match(stack().env.AWS_ACCESS_KEY_ID ?? '', /^AKIA[A-Z2-7]{16}$/);
  });

  test('the job script, byte for byte, gets credentials and get-caller-identity prints the assumed role', () => {
    const result = run('bash', ['-e', '-c', TUTORIAL_SCRIPT], jobEnv(mint('main')));
    assert.equal(result.status, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { UserId: string; Account: string; Arn: string };
    assert.equal(identity.Arn, 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/GitLabRunner-42-1001');
    assert.equal(identity.Account, '000000000000');
    assert.match(identity.UserId, /^AROA[A-Z2-7]{17}:GitLabRunner-42-1001$/);
  });

  test('a branch the role does not trust gets AWS\'s AccessDenied, word for word', () => {
    const result = run('bash', ['-e', '-c', TUTORIAL_SCRIPT], jobEnv(mint('feature')));
    assert.notEqual(result.status, 0);
    assert.equal(result.stderr.trim().split('\n')[0], NOT_AUTHORIZED);
  });

  test('trustbridge run executes the tutorial .gitlab-ci.yml job, and fails it on another branch', () => {
    const file = join(REPO_ROOT, 'test/e2e/fixtures/tutorial.gitlab-ci.yml');
    const env = clientEnv({
      AWS_ENDPOINT_URL: stack().env.AWS_ENDPOINT_URL ?? '',
      AWS_DEFAULT_REGION: 'us-east-1',
      ROLE_ARN: stack().env.ROLE_ARN ?? '',
      TRUSTBRIDGE_ISSUER_URL: stack().env.TRUSTBRIDGE_ISSUER_URL ?? '',
    });
    const ok = trustbridge(['run', file, '--job', 'assume role', '--dir', stack().dir, '--ref', 'main'], env);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /"Arn": "arn:aws:sts::000000000000:assumed-role\/gitlab-deploy\/GitLabRunner-\d+-\d+"/);

    const denied = trustbridge(['run', file, '--job', 'assume role', '--dir', stack().dir, '--ref', 'feature'], env);
    assert.notEqual(denied.status, 0);
    assert.ok((denied.stdout + denied.stderr).includes(NOT_AUTHORIZED), denied.stdout + denied.stderr);
  });

  test('trustbridge assume prints credentials the aws CLI accepts, and points at explain when denied', () => {
    const env = clientEnv({ AWS_ENDPOINT_URL: stack().env.AWS_ENDPOINT_URL ?? '', AWS_DEFAULT_REGION: 'us-east-1' });
    const assumed = trustbridge(['assume', '--role-arn', stack().env.ROLE_ARN ?? '', '--token', mint('main'), '--format', 'credential-process'], env);
    assert.equal(assumed.status, 0, assumed.stderr);
    const creds = JSON.parse(assumed.stdout) as { Version: number; AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    assert.equal(creds.Version, 1);
    assert.match(creds.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const who = run('aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], {
      ...env,
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
    });
    assert.equal(who.stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/trustbridge', who.stderr);

    const denied = trustbridge(['assume', '--role-arn', stack().env.ROLE_ARN ?? '', '--token', mint('feature')], env);
    assert.equal(denied.status, 1);
    assert.ok(denied.stderr.startsWith(NOT_AUTHORIZED), denied.stderr);
    assert.match(denied.stderr, /trustbridge explain --decision [0-9a-f-]{36}/);
  });
});
