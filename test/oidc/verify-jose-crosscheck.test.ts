/**
 * Cross-check against jose, an independent implementation: every token of the valid set is
 * accepted by both, and a sample of forged ones is rejected by both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { CLOCK_SKEW_SECONDS } from '../../src/oidc/check-times.js';
import { NOW, NOW_SECONDS, claimsFor, makeKey, sign, type SigningKey } from './fixtures/keys.js';
import { rawToken, signerFor, staticVerifier } from './fixtures/verify-harness.js';

const ISSUER = 'https://gitlab.example.com';
const keys: SigningKey[] = [];
for (const alg of ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const) keys.push(await makeKey(alg, `k-${alg}`));
const jwks = { keys: keys.map((k) => k.jwk) };
const ours = staticVerifier([{ url: ISSUER, keys: jwks.keys }]);
const joseJwks = createLocalJWKSet(jwks);
const byJose = (token: string): Promise<unknown> =>
  jwtVerify(token, joseJwks, {
    issuer: ISSUER, audience: ISSUER, currentDate: NOW, clockTolerance: CLOCK_SKEW_SECONDS,
    algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'], requiredClaims: ['sub', 'exp'],
  });

async function accepted(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch {
    return false;
  }
}

test('the valid set: every algorithm, aud arrays, clock edges — accepted by both', async () => {
  const variants = [
    {},
    { aud: ['sts.amazonaws.com', ISSUER] },
    { exp: NOW_SECONDS - CLOCK_SKEW_SECONDS + 1, iat: NOW_SECONDS - 3000, nbf: NOW_SECONDS - 3000 },
    { nbf: NOW_SECONDS + 60, iat: NOW_SECONDS + 60 },
    { project_path: 'mygroup/myproject', ref_protected: 'true' },
  ];
  for (const key of keys) {
    for (const variant of variants) {
      const token = await sign(key, claimsFor(ISSUER, variant));
      assert.equal(await accepted(() => ours(token)), true, `ours rejected ${key.alg} ${JSON.stringify(variant)}`);
      assert.equal(await accepted(() => byJose(token)), true, `jose rejected ${key.alg} ${JSON.stringify(variant)}`);
    }
  }
});

test('a sample of forged tokens: rejected by both', async () => {
  const rsa = keys[0] as SigningKey;
  const stranger = await makeKey('RS256', rsa.kid);
  const good = await sign(rsa, claimsFor(ISSUER));
  const forged = [
    await sign(stranger, claimsFor(ISSUER)),
    rawToken({ alg: 'none', kid: rsa.kid }, claimsFor(ISSUER), () => Buffer.from('x')),
    rawToken({ alg: 'ES256', kid: 'k-ES256' }, claimsFor(ISSUER), () => Buffer.alloc(64)),
    await sign(rsa, claimsFor(ISSUER, { exp: NOW_SECONDS - CLOCK_SKEW_SECONDS - 5 })),
    await sign(rsa, claimsFor(ISSUER, { aud: 'https://elsewhere' })),
    await sign(rsa, claimsFor(`${ISSUER}/`)),
    rawToken({ alg: 'RS256', kid: rsa.kid, crit: ['x'], x: 1 }, claimsFor(ISSUER), signerFor(rsa)),
    good.slice(0, good.lastIndexOf('.')),
  ];
  for (const token of forged) {
    assert.equal(await accepted(() => ours(token)), false, `ours accepted ${token.slice(0, 40)}`);
    assert.equal(await accepted(() => byJose(token)), false, `jose accepted ${token.slice(0, 40)}`);
  }
});
