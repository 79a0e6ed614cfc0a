/**
 * The memo of signatures that verified (src/oidc/verified-signatures.ts). A repeated token skips
 * crypto.verify, so each test first puts a genuine token in the memo and then tries what a
 * forger would do with it: the same signature over other bytes, or the same token against
 * another key. Both must still fail exactly as they do without a memo.
 */
import type { KeyObject } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToken } from '../../src/oidc/parse.js';
import { verifySignature } from '../../src/oidc/verify-signature.js';
import { isRememberedValid, MEMO_PER_KEY, rememberedSignatures } from '../../src/oidc/verified-signatures.js';
import { claimsFor, makeKey, sign } from './fixtures/keys.js';

const ISSUER = 'https://gitlab.example.com';
const rsa = await makeKey('RS256', 'rsa-1');
const ec = await makeKey('ES256', 'ec-1');
const attacker = await makeKey('RS256', 'rsa-1');

/** Verifies twice, which puts the token in the memo (it enters on its second sighting), and checks that it did. */
function rememberOf(parsed: ReturnType<typeof parseToken>, alg: 'RS256' | 'ES256', key: KeyObject): void {
  verifySignature(parsed, alg, key);
  verifySignature(parsed, alg, key);
  assert.ok(isRememberedValid(key, parsed), 'remembered');
}

function badSignature(run: () => void): void {
  assert.throws(run, (err: { reason?: string }) => err.reason === 'bad-signature');
}

test('a token is remembered for its key the second time it verifies, and verifies again', async () => {
  for (const key of [rsa, ec]) {
    const parsed = parseToken(await sign(key, claimsFor(ISSUER)));
    const before = rememberedSignatures(key.publicKey);
    verifySignature(parsed, key.alg, key.publicKey);
    assert.equal(rememberedSignatures(key.publicKey), before, 'a token seen once is not kept (most jobs present theirs once)');
    verifySignature(parsed, key.alg, key.publicKey);
    assert.equal(rememberedSignatures(key.publicKey), before + 1);
    verifySignature(parseToken(await sign(key, claimsFor(ISSUER))), key.alg, key.publicKey);
    verifySignature(parsed, key.alg, key.publicKey);
  }
});

test('a remembered signature over changed claims is refused (the memo matches the signed bytes, not the signature alone)', async () => {
  const token = await sign(rsa, claimsFor(ISSUER));
  rememberOf(parseToken(token), 'RS256', rsa.publicKey);
  const [header, , signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify(claimsFor(ISSUER, { sub: 'project_path:mygroup/admin:ref_type:branch:ref:main' }))).toString(
    'base64url',
  );
  badSignature(() => verifySignature(parseToken(`${header}.${forged}.${signature}`), 'RS256', rsa.publicKey));
});

test('a token remembered for one key is refused with another key of the same kid (a rotated or impersonated JWKS)', async () => {
  const parsed = parseToken(await sign(rsa, claimsFor(ISSUER)));
  rememberOf(parsed, 'RS256', rsa.publicKey);
  badSignature(() => verifySignature(parsed, 'RS256', attacker.publicKey));
});

test('refused signatures are not remembered, and the memo of one key is bounded', async () => {
  const key = await makeKey('ES256', 'ec-bounded');
  const parsed = parseToken(await sign(attacker, claimsFor(ISSUER)));
  const before = rememberedSignatures(rsa.publicKey);
  badSignature(() => verifySignature(parsed, 'RS256', rsa.publicKey));
  badSignature(() => verifySignature(parsed, 'RS256', rsa.publicKey));
  assert.equal(rememberedSignatures(rsa.publicKey), before);
  for (let i = 0; i < MEMO_PER_KEY + 10; i++) rememberOf(parseToken(await sign(key, claimsFor(ISSUER, { jti: String(i) }))), 'ES256', key.publicKey);
  assert.equal(rememberedSignatures(key.publicKey), MEMO_PER_KEY);
});
