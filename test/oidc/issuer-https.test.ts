/**
 * The verifier against REAL HTTPS issuers on 127.0.0.1 (test CA from openssl): discovery + JWKS
 * fetched for real, each fault answered with AWS's verification-key error
 * (awslabs/aws-sdk-rust#827, https://repost.aws/knowledge-center/iam-sts-invalididentitytoken:
 * "Couldn't retrieve verification key from your identity provider,  please reference
 * AssumeRoleWithWebIdentity documentation for requirements", two spaces, for any discovery/JWKS
 * failure, timeout, or too many keys).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { JwksCache } from '../../src/oidc/jwks-cache.js';
import { verifyWebIdentityToken } from '../../src/oidc/verify.js';
import { VERIFICATION_KEY_MESSAGE } from '../../src/oidc/errors.js';
import { IssuerFetchError, IssuerHttpClient } from '../../src/oidc/https-client.js';
import { isBlockedAddress } from '../../src/oidc/address-guard.js';
import { claimsFor, providerRecord, sign } from './fixtures/keys.js';
import { assertRejected } from './fixtures/verify-harness.js';
import { faults, scenarioKit, type ScenarioKit } from './fixtures/scenarios.js';
import { JWKS_PATH, type RunningIssuer } from './fixtures/issuer-server.js';

let kit: ScenarioKit;
before(async () => { kit = await scenarioKit(); });
after(async () => { await kit.closeAll(); });

async function verifyAgainst(issuer: RunningIssuer, options: { allowPrivate?: boolean; trustTestCa?: boolean } = {}) {
  const keys = new JwksCache({ http: { allowPrivateIssuers: options.allowPrivate ?? true, extraCaPems: options.trustTestCa === false ? [] : [kit.pki.rootPem] } });
  const now = new Date();
  const token = await sign(kit.key, claimsFor(issuer.url, { iat: Math.floor(now.getTime() / 1000) - 5, nbf: Math.floor(now.getTime() / 1000) - 5, exp: Math.floor(now.getTime() / 1000) + 300 }));
  const provider = providerRecord(issuer.url);
  try {
    return await verifyWebIdentityToken(token, { findProvider: async (iss) => (iss === provider.url ? provider : undefined), keys, now });
  } finally {
    await keys.close();
  }
}

const keyError = { code: 'InvalidIdentityToken', message: VERIFICATION_KEY_MESSAGE, reason: 'key-unavailable' };

test('a healthy issuer: discovery and JWKS fetched over HTTPS, token accepted', async () => {
  const issuer = await kit.start();
  const result = await verifyAgainst(issuer);
  assert.equal(result.provider.url, issuer.url);
  assert.deepEqual(issuer.requests, ['/.well-known/openid-configuration', JWKS_PATH]);
});

test('each discovery/JWKS fault gives AWS\'s verification-key error', async () => {
  const all = await faults(kit.pki);
  const cases = ['JWKS answering after 6 s', 'JWKS on a refused port', 'JWKS with 101 keys', 'discovery issuer differing from the URL'];
  const details = await Promise.all(cases.map(async (name) => {
    const issuer = await kit.start(all[name]);
    const err = await assertRejected(verifyAgainst(issuer), keyError);
    return [name, err.detail] as const;
  }));
  const byName = Object.fromEntries(details);
  assert.match(byName['JWKS answering after 6 s'] ?? '', /deadline/);
  assert.match(byName['JWKS on a refused port'] ?? '', /ECONNREFUSED/);
  assert.match(byName['JWKS with 101 keys'] ?? '', /101 keys/);
  assert.match(byName['discovery issuer differing from the URL'] ?? '', /issuer/);
});

test('a JWKS redirect is not followed', async () => {
  const target = await kit.start();
  const issuer = await kit.start({ jwksRedirect: `${target.url}${JWKS_PATH}` });
  const err = await assertRejected(verifyAgainst(issuer), keyError);
  assert.match(err.detail, /redirect/);
  assert.deepEqual(target.requests, []);
});

test('an oversize JWKS is cut off at 256 KiB', async () => {
  const issuer = await kit.start({ jwksPaddingBytes: 300 * 1024 });
  const err = await assertRejected(verifyAgainst(issuer), keyError);
  assert.match(err.detail, /more than 262144 bytes/);
});

test('a certificate from an untrusted CA fails TLS', async () => {
  const issuer = await kit.start();
  const err = await assertRejected(verifyAgainst(issuer, { trustTestCa: false }), keyError);
  assert.match(err.detail, /TLS/);
});

test('SSRF guard: a loopback issuer is refused unless private issuers are allowed', async () => {
  const issuer = await kit.start();
  const err = await assertRejected(verifyAgainst(issuer, { allowPrivate: false }), keyError);
  assert.match(err.detail, /private or reserved address 127\.0\.0\.1/);
  assert.deepEqual(issuer.requests, []);
});

test('SSRF guard: a named private origin (up\'s own issuer) is reachable while every other private address stays refused', async () => {
  const issuer = await kit.start();
  const other = await kit.start();
  const client = new IssuerHttpClient({ extraCaPems: [kit.pki.rootPem], allowPrivateOrigins: [`https://localhost:${issuer.port}`] });
  const fetchJson = (url: string): Promise<unknown> => client.getJson(url, { maxBytes: 64 * 1024, signal: AbortSignal.timeout(5000) });
  try {
    await fetchJson(`https://localhost:${issuer.port}/.well-known/openid-configuration`);
    // Issue 10 finding 6: the same host on another port is another service, refused like any.
    await assert.rejects(fetchJson(`https://localhost:${other.port}/.well-known/openid-configuration`),
      (err: unknown) => err instanceof IssuerFetchError && err.kind === 'blocked-address');
    await assert.rejects(fetchJson(`https://127.0.0.1:${issuer.port}/.well-known/openid-configuration`),
      (err: unknown) => err instanceof IssuerFetchError && err.kind === 'blocked-address');
    await assert.rejects(fetchJson('https://169.254.169.254/latest/meta-data/'),
      (err: unknown) => err instanceof IssuerFetchError && err.kind === 'blocked-address');
  } finally {
    await client.close();
  }
  assert.equal(issuer.requests.length, 1);
  assert.deepEqual(other.requests, []);
});

test('SSRF guard: names are checked on the address actually connected to (DNS lookup inside connect)', async () => {
  const issuer = await kit.start();
  const client = new IssuerHttpClient({ extraCaPems: [kit.pki.rootPem] });
  try {
    await assert.rejects(client.getJson(`https://localhost:${issuer.port}/.well-known/openid-configuration`, { maxBytes: 1024, signal: AbortSignal.timeout(5000) }),
      (err: unknown) => err instanceof IssuerFetchError && err.kind === 'blocked-address');
    await assert.rejects(client.getJson('https://169.254.169.254/latest/meta-data/', { maxBytes: 1024, signal: AbortSignal.timeout(5000) }),
      (err: unknown) => err instanceof IssuerFetchError && err.kind === 'blocked-address');
    await assert.rejects(client.getJson('http://example.com/', { maxBytes: 1024, signal: AbortSignal.timeout(5000) }),
      (err: unknown) => err instanceof IssuerFetchError && err.kind === 'not-https');
  } finally {
    await client.close();
  }
  assert.deepEqual(issuer.requests, []);
});

test('the address guard covers loopback, private, link-local, metadata, ULA and mapped forms', () => {
  for (const blocked of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '64:ff9b::10.0.0.1', 'not-an-ip']) {
    assert.equal(isBlockedAddress(blocked), true, blocked);
  }
  for (const open of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.equal(isBlockedAddress(open), false, open);
});
