/**
 * `trustbridge provider` and `trustbridge apply` against the real `trustbridge up`, driven
 * the way a user drives them, with the real aws CLI checking the outcome.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { clientEnv, freePort, removeDir, run, startStack, trustbridge, type RunningStack } from './stack.js';

// Two spaces after the comma, as AWS sends it (reference/aws-sts-iam.md §1.4, aws-sdk-rust#827).
const NO_VERIFICATION_KEY =
  "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
const SUBJECT = 'project_path:mygroup/myproject:ref_type:branch:ref:main';

describe('provider set-keys / clear-keys and apply, against trustbridge up', () => {
  let stack: RunningStack;
  let work: string;

  before(async () => {
    stack = await startStack();
    work = mkdtempSync(join(tmpdir(), 'tb-apply-'));
  });
  after(async () => {
    await stack.stop();
    removeDir(stack.dir);
    removeDir(work);
  });

  function adminEnv(): NodeJS.ProcessEnv {
    return clientEnv({
      AWS_ENDPOINT_URL: stack.env.AWS_ENDPOINT_URL ?? '',
      AWS_ACCESS_KEY_ID: stack.env.AWS_ACCESS_KEY_ID ?? '',
      AWS_SECRET_ACCESS_KEY: stack.env.AWS_SECRET_ACCESS_KEY ?? '',
      AWS_DEFAULT_REGION: 'us-east-1',
    });
  }

  function aws(args: string[]) {
    return run('aws', args, adminEnv());
  }

  function awsJson(args: string[]): unknown {
    const result = aws([...args, '--output', 'json']);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as unknown;
  }

  function mint(args: string[]): string {
    const minted = trustbridge(['token', '--dir', stack.dir, ...args]);
    assert.equal(minted.status, 0, minted.stderr);
    return minted.stdout.trim();
  }

  function assume(roleArn: string, token: string) {
    return aws(['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', 'apply', '--web-identity-token', token, '--query', 'AssumedRoleUser.Arn', '--output', 'text']);
  }

  function trustFor(host: string): string {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${host}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: SUBJECT } } }],
    });
  }

  async function localJwks(): Promise<string> {
    const ca = readFileSync(stack.env.TRUSTBRIDGE_CA_FILE ?? '', 'utf8');
    const response = await undiciFetch(`${stack.env.TRUSTBRIDGE_ISSUER_URL ?? ''}/oauth/discovery/keys`, { dispatcher: new Agent({ connect: { ca } }) });
    return response.text();
  }

  test('static keys let STS accept tokens of an issuer it cannot reach (GitLab issue 391928), and clearing them restores the failure', async () => {
    const unreachable = `https://localhost:${await freePort()}`;
    const host = unreachable.slice('https://'.length);
    const created = aws(['iam', 'create-open-id-connect-provider', '--url', unreachable, '--client-id-list', unreachable, '--thumbprint-list', 'a'.repeat(40), '--query', 'OpenIDConnectProviderArn', '--output', 'text']);
    assert.equal(created.status, 0, created.stderr);
    const providerArn = created.stdout.trim();
    const role = aws(['iam', 'create-role', '--role-name', 'firewalled', '--assume-role-policy-document', trustFor(host), '--query', 'Role.Arn', '--output', 'text']);
    assert.equal(role.status, 0, role.stderr);
    const roleArn = role.stdout.trim();
    // The local issuer signs a token that claims to come from the unreachable URL.
    const token = mint(['--url', unreachable, '--aud', unreachable]);

    assert.equal(assume(roleArn, token).stderr.trim().split('\n')[0], NO_VERIFICATION_KEY);

    const jwksFile = join(work, 'jwks.json');
    writeFileSync(jwksFile, await localJwks());
    const set = trustbridge(['provider', 'set-keys', '--dir', stack.dir, '--arn', providerArn, '--jwks', jwksFile]);
    assert.equal(set.status, 0, set.stderr);
    const allowed = assume(roleArn, token);
    assert.equal(allowed.stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/firewalled/apply', allowed.stderr);

    const cleared = trustbridge(['provider', 'clear-keys', '--dir', stack.dir, '--arn', providerArn]);
    assert.equal(cleared.status, 0, cleared.stderr);
    assert.equal(assume(roleArn, token).stderr.trim().split('\n')[0], NO_VERIFICATION_KEY);
  });

  test('set-keys on a provider that does not exist prints the AWS CLI line and fails', () => {
    const arn = 'arn:aws:iam::000000000000:oidc-provider/nowhere.example';
    const jwksFile = join(work, 'any.json');
    writeFileSync(jwksFile, '{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}');
    const result = trustbridge(['provider', 'set-keys', '--dir', stack.dir, '--arn', arn, '--jwks', jwksFile]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^An error occurred \(NoSuchEntity\) when calling the SetOpenIDConnectProviderStaticKeys operation: /m);
  });
});
