import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFromKeyId } from '../../src/aws/ids.js';
import { AwsError } from '../../src/aws/error.js';
import { MasterKey } from '../../src/store/master-key.js';
import { sessionKeyRing, sessionKeyRingFromMasterKey } from '../../src/sts/credentials/key-ring.js';
import { mintSessionCredentials } from '../../src/sts/credentials/mint-credentials.js';
import { createSessionCredentialResolver } from '../../src/sts/credentials/resolve-session-credentials.js';
import type { SessionGrant } from '../../src/sts/credentials/session-grant.js';
import { ACCOUNT, NOW, ROLE_ARN, ROLE_NAME, testKeyRing } from './fixtures.js';

const HOUR = 3600_000;

function grant(overrides: Partial<Omit<SessionGrant, 'accessKeyId'>> = {}): Omit<SessionGrant, 'accessKeyId'> {
  return {
    accountId: ACCOUNT,
    roleName: ROLE_NAME,
    roleArn: ROLE_ARN,
    roleId: 'AROAQAAAAAAAAAAAAAAAA',
    sessionName: 'ci-job',
    sessionPolicies: [],
    sourceIdentity: null,
    tags: [],
    transitiveTagKeys: [],
    issuedAt: NOW,
    expiresAt: new Date(NOW.getTime() + HOUR),
    ...overrides,
  };
}

// Exact STS texts, status 403 (okta-awscli#145, aws/aws-sdk-java-v2#1649).
function isInvalidClientTokenId(err: unknown): boolean {
  return err instanceof AwsError && err.code === 'InvalidClientTokenId' && err.status === 403 &&
    err.message === 'The security token included in the request is invalid';
}
function isExpiredToken(err: unknown): boolean {
  return err instanceof AwsError && err.code === 'ExpiredToken' && err.status === 403 &&
    err.message === 'The security token included in the request is expired';
}

test('minted credentials have AWS shapes: ASIA + 16 base32 encoding the account, 40-char secret', () => {
  const creds = mintSessionCredentials(grant(), testKeyRing());
  // ASIA + 16 base32 characters encoding the account (see src/aws/ids.ts)
  assert.match(creds.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(accountFromKeyId(creds.accessKeyId), ACCOUNT);
  assert.match(creds.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
  assert.match(creds.sessionToken, /^[A-Za-z0-9+/]+={0,2}$/);
  assert.ok(creds.sessionToken.length < 1024, `token is ${creds.sessionToken.length} characters`);
  assert.equal(creds.expiration.getTime(), NOW.getTime() + HOUR);
});

test('credentials round-trip through the resolver into an assumed-role caller', async () => {
  const ring = testKeyRing();
  const creds = mintSessionCredentials(grant({ sessionPolicies: ['{"Version":"2012-10-17","Statement":[]}'] }), ring);
  const resolved = await createSessionCredentialResolver(ring)(creds.accessKeyId, creds.sessionToken, NOW);
  assert.equal(resolved.secretAccessKey, creds.secretAccessKey);
  assert.deepEqual(resolved.caller, {
    kind: 'assumed-role',
    accountId: ACCOUNT,
    accessKeyId: creds.accessKeyId,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/ci-job`,
    userId: 'AROAQAAAAAAAAAAAAAAAA:ci-job',
    roleName: ROLE_NAME,
    roleArn: ROLE_ARN,
    sessionName: 'ci-job',
    sessionPolicies: ['{"Version":"2012-10-17","Statement":[]}'],
    expiresAt: creds.expiration,
    sessionTags: [],
    transitiveTagKeys: [],
    sourceIdentity: null,
  });
});

test('large session policies are compressed and still round-trip', async () => {
  const ring = testKeyRing();
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 20 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` })) });
  const creds = mintSessionCredentials(grant({ sessionPolicies: [policy], tags: [{ key: 'Project', value: 'Automation' }] }), ring);
  assert.ok(creds.sessionToken.length < policy.length, 'compressed');
  const resolved = await createSessionCredentialResolver(ring)(creds.accessKeyId, creds.sessionToken, NOW);
  assert.deepEqual(resolved.caller.sessionPolicies, [policy]);
});

test('tampering with any byte of the token gives InvalidClientTokenId', async () => {
  const ring = testKeyRing();
  const creds = mintSessionCredentials(grant(), ring);
  const resolve = createSessionCredentialResolver(ring);
  const bytes = Buffer.from(creds.sessionToken, 'base64');
  for (let i = 0; i < bytes.length; i++) {
    const tampered = Buffer.from(bytes);
    tampered[i] = (tampered[i] as number) ^ 0x01;
    await assert.rejects(resolve(creds.accessKeyId, tampered.toString('base64'), NOW), isInvalidClientTokenId, `byte ${i}`);
  }
});

test('non-canonical spellings of the token are refused (base64url alphabet, junk, truncation, padding)', async () => {
  const ring = testKeyRing();
  // Make sure the token contains a '+' or '/' so that the url-safe respelling differs.
  let creds = mintSessionCredentials(grant(), ring);
  while (!/[+/]/.test(creds.sessionToken)) creds = mintSessionCredentials(grant(), ring);
  const resolve = createSessionCredentialResolver(ring);
  const variants = [
    creds.sessionToken.replace(/\+/g, '-').replace(/\//g, '_'),
    `${creds.sessionToken}!`,
    ` ${creds.sessionToken}`,
    creds.sessionToken.slice(0, -4),
    `${creds.sessionToken}AAAA`,
    '',
    'FwoGZXIvYXdzEBYaDHVuZGVyc2NvcmVk',
  ];
  for (const v of variants) await assert.rejects(resolve(creds.accessKeyId, v, NOW), isInvalidClientTokenId, v.slice(0, 30));
  await assert.rejects(resolve(creds.accessKeyId, undefined, NOW), isInvalidClientTokenId);
});

test("another session's token with this access key id gives InvalidClientTokenId", async () => {
  const ring = testKeyRing();
  const a = mintSessionCredentials(grant({ sessionName: 'a-session' }), ring);
  const b = mintSessionCredentials(grant({ sessionName: 'b-session' }), ring);
  const resolve = createSessionCredentialResolver(ring);
  await assert.rejects(resolve(a.accessKeyId, b.sessionToken, NOW), isInvalidClientTokenId);
  await assert.rejects(resolve(b.accessKeyId, a.sessionToken, NOW), isInvalidClientTokenId);
});

test('a token sealed under a key not in the ring is InvalidClientTokenId; rotation keeps old ids working', async () => {
  const master = MasterKey.ephemeral();
  const old = sessionKeyRingFromMasterKey(master, ['2026-01']);
  const rotated = sessionKeyRingFromMasterKey(master, ['2026-02', '2026-01']);
  const stranger = sessionKeyRingFromMasterKey(MasterKey.ephemeral(), ['2026-01']);
  const creds = mintSessionCredentials(grant(), old);
  const viaRotated = await createSessionCredentialResolver(rotated)(creds.accessKeyId, creds.sessionToken, NOW);
  assert.equal(viaRotated.secretAccessKey, creds.secretAccessKey);
  await assert.rejects(createSessionCredentialResolver(stranger)(creds.accessKeyId, creds.sessionToken, NOW), isInvalidClientTokenId);
  const dropped = sessionKeyRingFromMasterKey(master, ['2026-02']);
  await assert.rejects(createSessionCredentialResolver(dropped)(creds.accessKeyId, creds.sessionToken, NOW), isInvalidClientTokenId);
});

test('expiry: valid strictly before Expiration, ExpiredToken at and after it', async () => {
  const ring = testKeyRing();
  const creds = mintSessionCredentials(grant(), ring);
  const resolve = createSessionCredentialResolver(ring);
  await resolve(creds.accessKeyId, creds.sessionToken, new Date(creds.expiration.getTime() - 1));
  await assert.rejects(resolve(creds.accessKeyId, creds.sessionToken, creds.expiration), isExpiredToken);
  await assert.rejects(resolve(creds.accessKeyId, creds.sessionToken, new Date(creds.expiration.getTime() + HOUR)), isExpiredToken);
});

test('a forged, expired token is InvalidClientTokenId, not ExpiredToken (authenticity first)', async () => {
  const ring = testKeyRing();
  const creds = mintSessionCredentials(grant(), ring);
  const bytes = Buffer.from(creds.sessionToken, 'base64');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x80;
  const late = new Date(creds.expiration.getTime() + HOUR);
  await assert.rejects(createSessionCredentialResolver(ring)(creds.accessKeyId, bytes.toString('base64'), late), isInvalidClientTokenId);
});

test('key ring construction refuses unusable ids and short keys', () => {
  assert.throws(() => sessionKeyRing(new Map([['bad id', Buffer.alloc(32)]]), 'bad id'));
  assert.throws(() => sessionKeyRing(new Map([['k', Buffer.alloc(16)]]), 'k'));
  assert.throws(() => sessionKeyRing(new Map([['k', Buffer.alloc(32)]]), 'other'));
});

test('a token resolved before is remembered, and still checked on every call: key id, expiry, frozen caller', async () => {
  const ring = testKeyRing();
  const a = mintSessionCredentials(grant({ sessionName: 'a-session' }), ring);
  const b = mintSessionCredentials(grant({ sessionName: 'b-session' }), ring);
  const resolve = createSessionCredentialResolver(ring);
  const first = await resolve(a.accessKeyId, a.sessionToken, NOW);
  const again = await resolve(a.accessKeyId, a.sessionToken, NOW);
  assert.equal(again, first, 'the second call reuses what the first opened');
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.caller), 'shared, so nobody may change it');
  await assert.rejects(resolve(b.accessKeyId, a.sessionToken, NOW), isInvalidClientTokenId);
  await assert.rejects(resolve(a.accessKeyId, a.sessionToken, a.expiration), isExpiredToken);
  assert.equal((await resolve(a.accessKeyId, a.sessionToken, NOW)).secretAccessKey, a.secretAccessKey);
});
