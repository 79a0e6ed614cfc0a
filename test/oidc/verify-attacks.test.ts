/**
 * The attack suite: every way a forged or malformed web-identity token must fail, one test each,
 * with AWS's code, a 4xx status and no result. Messages quoted from AWS are sourced inline;
 * the generic InvalidIdentityToken text for a bad signature / non-JWT is UNVERIFIED (no public
 * capture of AWS's answer exists).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JWK } from 'jose';
import { NOT_VALIDATED_MESSAGE, VERIFICATION_KEY_MESSAGE } from '../../src/oidc/errors.js';
import { CLOCK_SKEW_SECONDS, MAX_TOKEN_AGE_SECONDS } from '../../src/oidc/check-times.js';
import { NOW_SECONDS, claimsFor, makeKey, sign } from './fixtures/keys.js';
import { assertRejected, hmacSigner, rawToken, signerFor, staticVerifier } from './fixtures/verify-harness.js';

const ISSUER = 'https://gitlab.example.com';
const OTHER = 'https://other.example.com';
const rsa = await makeKey('RS256', 'rsa-1');
const ec = await makeKey('ES256', 'ec-1');
const otherIssuerKey = await makeKey('RS256', 'other-1');
const attacker = await makeKey('RS256', 'attacker-1');
const verify = staticVerifier([
  { url: ISSUER, keys: [rsa.jwk, ec.jwk] },
  { url: OTHER, keys: [otherIssuerKey.jwk] },
]);
const generic = { code: 'InvalidIdentityToken', message: NOT_VALIDATED_MESSAGE };
const keyError = { code: 'InvalidIdentityToken', message: VERIFICATION_KEY_MESSAGE };

test('a well-formed token is accepted (RS256 and ES256), with the audience and every step recorded', async () => {
  for (const key of [rsa, ec]) {
    const result = await verify(await sign(key, claimsFor(ISSUER)));
    assert.equal(result.provider.url, ISSUER);
    assert.equal(result.audience, ISSUER);
    assert.deepEqual(result.steps.map((s) => [s.name, s.ok]), [
      ['parse', true], ['header', true], ['claims', true], ['issuer', true], ['audience', true], ['key', true], ['signature', true], ['times', true],
    ]);
  }
});

test('alg none is refused', async () => {
  const token = rawToken({ alg: 'none', kid: rsa.kid }, claimsFor(ISSUER), () => Buffer.from('x'));
  await assertRejected(verify(token), { ...generic, reason: 'unsupported-alg' });
  // The classic form, with an empty signature, fails even earlier.
  await assertRejected(verify(token.replace(/\.[^.]*$/, '.')), { ...generic, reason: 'malformed-token' });
});

test('HS256 signed with the RSA public key as the HMAC secret is refused (algorithm confusion)', async () => {
  const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
  const token = rawToken({ alg: 'HS256', kid: rsa.kid }, claimsFor(ISSUER), hmacSigner(pem));
  await assertRejected(verify(token), { ...generic, reason: 'unsupported-alg' });
});

test('an empty signature is refused', async () => {
  const token = await sign(rsa, claimsFor(ISSUER));
  await assertRejected(verify(token.slice(0, token.lastIndexOf('.') + 1)), { ...generic, reason: 'malformed-token' });
});

test('a payload changed after signing is refused', async () => {
  const [h, , s] = (await sign(rsa, claimsFor(ISSUER))).split('.');
  const forged = Buffer.from(JSON.stringify(claimsFor(ISSUER, { sub: 'project_path:mygroup/admin:ref_type:branch:ref:main' }))).toString('base64url');
  await assertRejected(verify(`${h}.${forged}.${s}`), { ...generic, reason: 'bad-signature' });
});

test('a token signed by another issuer\'s key is refused, whichever kid it names', async () => {
  await assertRejected(verify(await sign(otherIssuerKey, claimsFor(ISSUER))), { ...keyError, reason: 'unknown-kid' });
  await assertRejected(verify(await sign(otherIssuerKey, claimsFor(ISSUER), { kid: rsa.kid })), { ...generic, reason: 'bad-signature' });
});

for (const [name, header] of [
  ['jku', { jku: 'https://attacker.example/jwks.json' }],
  ['x5u', { x5u: 'https://attacker.example/cert.pem' }],
  ['embedded jwk', { jwk: attacker.jwk }],
  ['x5c', { x5c: ['MIIBattacker'] }],
] as const) {
  test(`a ${name} header pointing at an attacker key is ignored: the token still fails`, async () => {
    // With the attacker's own kid: no such key at the issuer.
    await assertRejected(verify(await sign(attacker, claimsFor(ISSUER), header)), { ...keyError, reason: 'unknown-kid' });
    // With the issuer's kid: the issuer's key is used and the attacker's signature fails.
    await assertRejected(verify(await sign(attacker, claimsFor(ISSUER), { ...header, kid: rsa.kid })), { ...generic, reason: 'bad-signature' });
  });
}

test('ECDSA r = s = 0 (the "psychic signature") is refused', async () => {
  const token = rawToken({ alg: 'ES256', kid: ec.kid }, claimsFor(ISSUER), () => Buffer.alloc(64));
  await assertRejected(verify(token), { ...generic, reason: 'bad-signature' });
});

test('an unknown kid gives AWS\'s verification-key error', async () => {
  // awslabs/aws-sdk-rust#827: the kid is not in the JWKS → "Couldn't retrieve verification key…" (two spaces).
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER), { kid: 'rotated-away' })), { ...keyError, reason: 'unknown-kid' });
});

test('a kid naming a key of another type or curve finds no key (no cross-algorithm use)', async () => {
  const asEc = rawToken({ alg: 'ES256', kid: rsa.kid }, claimsFor(ISSUER), () => Buffer.alloc(64, 1));
  await assertRejected(verify(asEc), { ...keyError, reason: 'unknown-kid' });
  const asRsa = rawToken({ alg: 'RS256', kid: ec.kid }, claimsFor(ISSUER), signerFor(rsa));
  await assertRejected(verify(asRsa), { ...keyError, reason: 'unknown-kid' });
  const wrongCurve = rawToken({ alg: 'ES384', kid: ec.kid }, claimsFor(ISSUER), () => Buffer.alloc(96, 1));
  await assertRejected(verify(wrongCurve), { ...keyError, reason: 'unknown-kid' });
});

test('a two-part token is refused', async () => {
  const token = await sign(rsa, claimsFor(ISSUER));
  await assertRejected(verify(token.slice(0, token.lastIndexOf('.'))), { ...generic, reason: 'malformed-token' });
});

test('a non-JSON payload is refused, even when properly signed', async () => {
  await assertRejected(verify(rawToken({ alg: 'RS256', kid: rsa.kid }, 'not json', signerFor(rsa))), { ...generic, reason: 'malformed-token' });
});

test('non-canonical base64url is refused', async () => {
  const [h, p, s] = (await sign(rsa, claimsFor(ISSUER))).split('.') as [string, string, string];
  await assertRejected(verify(`${h}.${p}=.${s}`), { ...generic, reason: 'malformed-token' });
  await assertRejected(verify(`${h}.${p}.${s.slice(0, -1)}+`), { ...generic, reason: 'malformed-token' });
});

test('a missing exp is refused', async () => {
  const { exp: _exp, ...claims } = claimsFor(ISSUER);
  // Wording follows AWS's "Missing a required claim: <name>" (aws/aws-sdk-ruby#2698; exp itself inferred).
  await assertRejected(verify(await sign(rsa, claims)), { code: 'InvalidIdentityToken', message: 'Missing a required claim: exp', reason: 'missing-claim' });
});

test('a non-numeric exp is refused', async () => {
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { exp: 'tomorrow' as unknown as number }))), { ...generic, reason: 'invalid-claim' });
});

test('a token expired beyond the 5-minute skew gets ExpiredTokenException; within the skew it is accepted', async () => {
  const exp = NOW_SECONDS - CLOCK_SKEW_SECONDS - 1;
  // aws/aws-sdk-java-v2#5709: epoch seconds, current form with a space.
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { exp, iat: exp - 600, nbf: exp - 600 }))), {
    code: 'ExpiredTokenException',
    message: `Token expired: current date/time ${NOW_SECONDS} must be before the expiration date/time ${exp}`,
    reason: 'expired',
  });
  const withinSkew = NOW_SECONDS - CLOCK_SKEW_SECONDS + 1;
  const result = await verify(await sign(rsa, claimsFor(ISSUER, { exp: withinSkew, iat: withinSkew - 600, nbf: withinSkew - 600 })));
  assert.equal(result.claims.exp, withinSkew);
});

test('iat or nbf beyond the skew in the future is refused; a token older than the maximum age too', async () => {
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { iat: NOW_SECONDS + CLOCK_SKEW_SECONDS + 60 }))), { ...generic, reason: 'issued-in-future' });
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { nbf: NOW_SECONDS + CLOCK_SKEW_SECONDS + 60 }))), { ...generic, reason: 'not-yet-valid' });
  const iat = NOW_SECONDS - MAX_TOKEN_AGE_SECONDS - 10;
  // ("Token too old: 441398", mozilla-iam/mozilla-aws-cli#146); threshold ours.
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { iat }))), { code: 'ExpiredTokenException', message: `Token too old: ${NOW_SECONDS - iat}`, reason: 'too-old' });
});

test('an iss with an added trailing slash matches no provider, and is echoed exactly', async () => {
  // mozilla-iam/mozilla-aws-cli#127: exact match, iss echoed as sent.
  await assertRejected(verify(await sign(rsa, claimsFor(`${ISSUER}/`))), {
    code: 'InvalidIdentityToken', message: `No OpenIDConnect provider found in your account for ${ISSUER}/`, reason: 'unknown-issuer',
  });
});

test('an aud array without a matching client ID is refused; with one it passes', async () => {
  // "Incorrect token audience": awslabs/amazon-eks-irsa-cfn#18.
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { aud: ['sts.amazonaws.com', 'https://elsewhere'] }))), {
    code: 'InvalidIdentityToken', message: 'Incorrect token audience', reason: 'audience-mismatch',
  });
  const result = await verify(await sign(rsa, claimsFor(ISSUER, { aud: ['sts.amazonaws.com', ISSUER] })));
  assert.equal(result.audience, ISSUER);
});

test('azp, when present, is the audience AWS checks', async () => {
  await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { azp: 'some-client' }))), {
    code: 'InvalidIdentityToken', message: 'Incorrect token audience', reason: 'audience-mismatch',
  });
});

test('missing sub and missing aud get AWS\'s required-claim messages', async () => {
  const { sub: _sub, ...noSub } = claimsFor(ISSUER);
  const { aud: _aud, ...noAud } = claimsFor(ISSUER);
  // aws-actions/configure-aws-credentials#502 (sub), aws/aws-sdk-ruby#2698 (aud).
  await assertRejected(verify(await sign(rsa, noSub)), { code: 'InvalidIdentityToken', message: 'Missing a required claim: sub', reason: 'missing-claim' });
  await assertRejected(verify(await sign(rsa, noAud)), { code: 'InvalidIdentityToken', message: 'Missing a required claim: aud', reason: 'missing-claim' });
});

test('an oversize token gets the model-constraint ValidationError before anything is parsed', async () => {
  const token = await sign(rsa, claimsFor(ISSUER, { padding: 'x'.repeat(20_000) }));
  // botocore/data/sts/2011-06-15/service-2.json: WebIdentityToken length 4..20000, sensitive (value left out).
  await assertRejected(verify(token), {
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000",
    reason: 'token-too-large',
  });
});

test('an unknown crit header is refused', async () => {
  const token = rawToken({ alg: 'RS256', kid: rsa.kid, crit: ['exp-extension'], 'exp-extension': true }, claimsFor(ISSUER), signerFor(rsa));
  await assertRejected(verify(token), { ...generic, reason: 'unknown-crit' });
});

test('a token without kid is accepted only when exactly one key fits its algorithm', async () => {
  const single = staticVerifier([{ url: ISSUER, keys: [rsa.jwk] }]);
  const token = rawToken({ alg: 'RS256' }, claimsFor(ISSUER), signerFor(rsa));
  assert.equal((await single(token)).audience, ISSUER);
  const two = await makeKey('RS256', 'rsa-2');
  const ambiguous = staticVerifier([{ url: ISSUER, keys: [rsa.jwk, two.jwk] as JWK[] }]);
  await assertRejected(ambiguous(token), { ...keyError, reason: 'unknown-kid' });
});

test('a failed verification records the failing step with its internal reason, wire message unchanged', async () => {
  const err = await assertRejected(verify(await sign(rsa, claimsFor(ISSUER, { aud: 'nope' }))), {
    code: 'InvalidIdentityToken', message: 'Incorrect token audience', reason: 'audience-mismatch',
  });
  const steps = (err as unknown as { steps: Array<{ name: string; ok: boolean; detail: string }> }).steps;
  assert.deepEqual(steps.map((s) => s.ok), [true, true, true, true, false]);
  assert.match(steps[4]?.detail ?? '', /nope/);
});
