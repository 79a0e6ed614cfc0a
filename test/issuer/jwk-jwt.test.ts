import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { calculateJwkThumbprint, compactVerify, importJWK } from 'jose';
import { jwkThumbprint, publishedJwk, rsaPublicJwk } from '../../src/issuer/jwk.js';
import { signRs256 } from '../../src/issuer/jwt.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

test('kid is the RFC 7638 thumbprint, as jose computes it (nov/json-jwt)', async () => {
  const jwk = rsaPublicJwk(publicKey);
  const kid = jwkThumbprint(jwk);
  assert.equal(kid, await calculateJwkThumbprint(jwk, 'sha256'));
  // 43 base64url characters, like gitlab.com's kid (gravitational/teleport#17059).
  assert.match(kid, /^[A-Za-z0-9_-]{43}$/);
});

test('a JWKS entry has exactly kty, kid, e, n, use, alg in GitLab\'s order (jwks_controller.rb)', () => {
  const jwk = rsaPublicJwk(publicKey);
  const entry = publishedJwk(jwk, jwkThumbprint(jwk));
  assert.deepEqual(Object.keys(entry), ['kty', 'kid', 'e', 'n', 'use', 'alg']);
  assert.equal(entry.e, 'AQAB');
  assert.equal(entry.use, 'sig');
  assert.equal(entry.alg, 'RS256');
});

test('the header is {kid, typ, alg} in that order and the signature verifies with jose (rsa_token.rb)', async () => {
  const jwk = rsaPublicJwk(publicKey);
  const kid = jwkThumbprint(jwk);
  const token = signRs256(kid, { sub: 'x' }, privateKey);
  const header = Buffer.from(token.split('.')[0] ?? '', 'base64url').toString();
  assert.equal(header, `{"kid":"${kid}","typ":"JWT","alg":"RS256"}`);
  const verified = await compactVerify(token, await importJWK({ ...jwk, alg: 'RS256' }));
  assert.equal(new TextDecoder().decode(verified.payload), '{"sub":"x"}');
});
