/**
 * Web-identity token verification throughput: our verifier (cached node:crypto KeyObject,
 * crypto.verify) beside jose's jwtVerify (WebCrypto) as the baseline, measured in the same run
 * on the same tokens, for RS256 (GitLab's algorithm) and ES256.
 * Measured here (2 cores, Node 20, OpenSSL 3.0): RS256 about ×1.9 in our favour; ES256 the other
 * way round (crypto.verify's ECDSA path costs more than WebCrypto's on this build), which is why
 * the figure is printed per algorithm rather than assumed.
 *
 * Our verifier remembers signatures that verified (src/oidc/verified-signatures.ts), so it is
 * measured twice: on tokens it has not seen (the bench cycles through more tokens than the memo
 * holds, so each one was evicted before it comes round again) and on a token presented again.
 */
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, createLocalJWKSet, exportJWK, jwtVerify } from 'jose';
import { JwksCache } from '../src/oidc/jwks-cache.js';
import { verifyWebIdentityToken } from '../src/oidc/verify.js';
import { PRINT_SLOTS } from '../src/oidc/verified-signatures.js';
import type { OidcProviderRecord } from '../src/store/records.js';

const ISSUER = 'https://gitlab.example.com';

/** Runs `fn` (awaited, one call at a time) for about `millis` and returns calls per second. */
async function measure(millis: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await fn(i); // warm-up
  let calls = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(millis) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 200; i++) await fn(calls + i);
    calls += 200;
    now = process.hrtime.bigint();
  }
  return (calls * 1e9) / Number(now - start);
}

async function bench(alg: 'RS256' | 'ES256'): Promise<void> {
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg, use: 'sig' };
  const jwks = { keys: [jwk] };
  const now = Math.floor(Date.now() / 1000);
  // So many distinct tokens, visited in turn, that none is remembered when it recurs: a token
  // enters the memo on its second sighting, which the table of first sightings has most likely
  // forgotten by then (src/oidc/verified-signatures.ts).
  const count = 4 * PRINT_SLOTS;
  const tokens = await Promise.all(Array.from({ length: count }, (_, i) =>
    new SignJWT({ iss: ISSUER, aud: ISSUER, sub: `project_path:mygroup/p${i}:ref_type:branch:ref:main`, iat: now, exp: now + 3600 })
      .setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' }).sign(pair.privateKey)));

  const provider: OidcProviderRecord = {
    accountId: '000000000000', arn: 'arn:aws:iam::000000000000:oidc-provider/gitlab.example.com', url: ISSUER,
    clientIds: [ISSUER], thumbprints: [], tags: [], createdAt: new Date(), staticJwks: JSON.stringify(jwks),
  };
  const keys = new JwksCache();
  const deps = { findProvider: async () => provider, keys, now: new Date() };
  const ours = await measure(1500, (i) => verifyWebIdentityToken(tokens[i % count] as string, deps));
  const repeated = await measure(1500, (i) => verifyWebIdentityToken(tokens[i & 31] as string, deps));

  const joseKeys = createLocalJWKSet(jwks);
  const jose = await measure(1500, (i) => jwtVerify(tokens[i % count] as string, joseKeys, { issuer: ISSUER, audience: ISSUER }));

  const rate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en')} tokens/s (${(1e6 / perSecond).toFixed(1)} µs each)`;
  console.log(`${alg}: trustbridge verifyWebIdentityToken, new token   ${rate(ours)}`);
  console.log(`${alg}: trustbridge verifyWebIdentityToken, same token  ${rate(repeated)}`);
  console.log(`${alg}: jose jwtVerify (baseline)                       ${rate(jose)}`);
  console.log(`${alg}: speed-up ×${(ours / jose).toFixed(2)} on a new token`);
}

export async function run(): Promise<void> {
  await bench('RS256');
  await bench('ES256');
}
