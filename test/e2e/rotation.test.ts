/**
 * Key rotation while everything runs: `trustbridge issuer rotate` against a live `up`. Tokens
 * signed before keep working until they expire, new tokens carry the new kid, and STS accepts
 * them without a restart (the next key is published before it signs, and an unknown kid makes
 * the JWKS cache refetch).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientEnv, run, trustbridge, useStack } from './stack.js';

function kidOf(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string };
  return header.kid;
}

describe('issuer key rotation under a running stack', () => {
  const stack = useStack();

  function mint(): string {
    const minted = trustbridge(['token', '--dir', stack().dir, '--project', 'mygroup/myproject', '--ref', 'main']);
    assert.equal(minted.status, 0, minted.stderr);
    return minted.stdout.trim();
  }

  function assumedArn(token: string): string {
    const result = run('aws', ['sts', 'assume-role-with-web-identity', '--role-arn', stack().env.ROLE_ARN ?? '', '--role-session-name', 'rot',
      '--web-identity-token', token, '--query', 'AssumedRoleUser.Arn', '--output', 'text'],
    clientEnv({ AWS_ENDPOINT_URL: stack().env.AWS_ENDPOINT_URL ?? '', AWS_DEFAULT_REGION: 'us-east-1' }));
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim();
  }

  test('old and new tokens both assume the role after a rotation, with no restart', () => {
    const before = mint();
    assert.equal(assumedArn(before), 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/rot');

    const rotated = trustbridge(['issuer', 'rotate', '--dir', stack().dir]);
    assert.equal(rotated.status, 0, rotated.stderr);

    const after = mint();
    assert.notEqual(kidOf(after), kidOf(before), 'a rotated issuer signs with a new key');
    assert.equal(assumedArn(after), 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/rot');
    assert.equal(assumedArn(before), 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/rot', 'tokens signed before the rotation still verify');
  });

  test('a key STS has never seen (two rotations since its last fetch) is fetched on the unknown kid', async () => {
    const first = mint();
    assert.equal(assumedArn(first), 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/rot');
    const cachedAt = Date.now();
    for (let i = 0; i < 2; i++) assert.equal(trustbridge(['issuer', 'rotate', '--dir', stack().dir]).status, 0);
    const unseen = mint();
    // STS refetches on an unknown kid at most once per 30 s per issuer (src/oidc/jwks-cache.ts),
    // so a flood of made-up kids cannot turn it against the issuer; wait that cooldown out.
    const wait = cachedAt + 31_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    assert.equal(assumedArn(unseen), 'arn:aws:sts::000000000000:assumed-role/gitlab-deploy/rot');
  });
});
