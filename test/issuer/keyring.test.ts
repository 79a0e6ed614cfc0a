/**
 * Rotation as relying parties need it: the next key is published before it signs, and a
 * retired key stays published until the last token it signed has expired.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { buildJobContext } from '../../src/issuer/job-input.js';
import { KEYRING_FILE, KeyRing, RETIRED_KEY_GRACE_SECONDS } from '../../src/issuer/keyring.js';
import { MasterKey } from '../../src/store/master-key.js';
import { mintToken } from '../../src/issuer/mint.js';
import { scheduleRotation } from '../../src/issuer/rotation-schedule.js';
import { tempDir } from './helpers.js';

const ISS = 'https://issuer.test';
const job = buildJobContext({ project: 'g/p', ref: 'main', serverUrl: ISS, timeoutSeconds: 600 });
const kids = (ring: KeyRing, now?: number): string[] => ring.publishedKeys(now).map((k) => k.kid);

async function verifies(token: string, ring: KeyRing, now: number): Promise<boolean> {
  try {
    await jwtVerify(token, createLocalJWKSet({ keys: ring.publishedKeys(now) }), { issuer: ISS, currentDate: new Date(now * 1000) });
    return true;
  } catch {
    return false;
  }
}

test('the next key is in the JWKS before it signs; rotation promotes exactly that key', (t) => {
  const ring = KeyRing.open(tempDir(t));
  const next = ring.summary().find((k) => k.state === 'next');
  assert.ok(next);
  assert.ok(kids(ring).includes(next.kid), 'published while next');
  assert.notEqual(decodeProtectedHeader(mintToken(ring, job, { iss: ISS })).kid, next.kid);
  ring.rotate();
  assert.equal(decodeProtectedHeader(mintToken(ring, job, { iss: ISS })).kid, next.kid);
});

test('tokens signed before a rotation keep verifying until they expire; new tokens use the new key', async (t) => {
  const ring = KeyRing.open(tempDir(t));
  const now = Math.floor(Date.now() / 1000);
  const before = mintToken(ring, job, { iss: ISS, now });
  const oldKid = decodeProtectedHeader(before).kid;
  ring.rotate(now + 10);
  const after = mintToken(ring, job, { iss: ISS, now: now + 10 });
  assert.notEqual(decodeProtectedHeader(after).kid, oldKid);
  assert.ok(await verifies(before, ring, now + 20), 'old token, shortly after rotation');
  assert.ok(await verifies(after, ring, now + 20));
  assert.ok(await verifies(before, ring, now + 599), 'old token, just before exp');
  // After exp plus the grace period the retired key leaves the JWKS.
  assert.ok(kids(ring, now + 600 + RETIRED_KEY_GRACE_SECONDS - 1).includes(String(oldKid)));
  assert.ok(!kids(ring, now + 600 + RETIRED_KEY_GRACE_SECONDS).includes(String(oldKid)));
});

test('a retired key that signed nothing is dropped at once; expired retired keys are pruned on rotation', (t) => {
  const ring = KeyRing.open(tempDir(t));
  const unused = ring.current().kid;
  ring.rotate();
  assert.ok(!kids(ring).includes(unused));
  assert.deepEqual(ring.summary().map((k) => k.state), ['current', 'next']);
});

test('private keys are sealed at rest; a second process sees the same ring and its updates', (t) => {
  const dir = tempDir(t);
  const a = KeyRing.open(dir);
  const text = readFileSync(join(dir, KEYRING_FILE), 'utf8');
  assert.doesNotMatch(text, /PRIVATE KEY/);
  const b = KeyRing.open(dir);
  assert.deepEqual(kids(b), kids(a));
  const token = mintToken(b, job, { iss: ISS });
  const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).exp as number;
  assert.equal(a.current().maxExp, exp, 'the exp high-water mark is shared through the file');
  b.rotate();
  assert.deepEqual(kids(a), kids(b), 'a reloads after b rotated');
});

test('scheduled rotation: a key that has signed for the period is rotated, a fresh one is not', (t) => {
  const ring = KeyRing.open(tempDir(t));
  const rotated: string[] = [];
  const fresh = ring.current().kid;
  scheduleRotation(ring, 3600, (kid) => rotated.push(kid)).stop();
  assert.equal(ring.current().kid, fresh);
  // Promote a key with an activation time two hours back: it is overdue for a 1 h schedule.
  const overdue = ring.rotate(Math.floor(Date.now() / 1000) - 7200);
  scheduleRotation(ring, 3600, (kid) => rotated.push(kid)).stop();
  assert.notEqual(ring.current().kid, overdue);
  assert.deepEqual(rotated, [ring.current().kid]);
});

test('two schedulers due at once rotate only once', (t) => {
  const ring = KeyRing.open(tempDir(t));
  const first = ring.current().kid;
  const second = ring.rotate(undefined, first);
  assert.notEqual(second, first);
  assert.equal(ring.rotate(undefined, first), second, 'the second sees the key changed and does nothing');
});

test('attack: a sealed private key moved to another kid in the ring file does not decrypt', (t) => {
  const dir = tempDir(t);
  KeyRing.open(dir);
  const path = join(dir, KEYRING_FILE);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { keys: Array<{ sealedPrivateKey: string }> };
  const [current, next] = doc.keys;
  assert.ok(current && next);
  [current.sealedPrivateKey, next.sealedPrivateKey] = [next.sealedPrivateKey, current.sealedPrivateKey];
  writeFileSync(path, JSON.stringify(doc));
  // The sealing is bound to "issuer-key:<kid>", so a swapped key cannot sign under the wrong kid.
  assert.throws(() => mintToken(KeyRing.open(dir), job, { iss: ISS }));
});

test('a server opening a fresh ring generates its two keys off the event loop; a ring made meanwhile wins', async (t) => {
  const dir = tempDir(t);
  const master = MasterKey.loadOrCreate(dir);
  const fresh = await KeyRing.openForServer(dir, master);
  assert.deepEqual(fresh.summary().map((k) => k.state), ['current', 'next']);
  assert.deepEqual(kids(KeyRing.open(dir, master)), kids(fresh), 'the keys it generated are the ring on disk');
  assert.ok(await verifies(mintToken(fresh, job, { iss: ISS }), fresh, Math.floor(Date.now() / 1000)));

  // Another process creates the ring while this one's keys are still being generated.
  const raced = tempDir(t);
  const racedMaster = MasterKey.loadOrCreate(raced);
  const opening = KeyRing.openForServer(raced, racedMaster);
  const other = KeyRing.open(raced, racedMaster);
  assert.deepEqual(kids(await opening), kids(other));
  assert.equal((JSON.parse(readFileSync(join(raced, KEYRING_FILE), 'utf8')) as { keys: unknown[] }).keys.length, 2);
});
