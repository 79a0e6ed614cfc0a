/**
 * The STS limiter for unverified calls (issue 10, rate limits) is configured from `serve`/`up`:
 * --unverified-rate, --unverified-burst, --no-unverified-limit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unverifiedCallLimit } from '../../src/cli/rate-limit-options.js';
import { DEFAULT_UNVERIFIED_CALL_LIMIT, NO_RATE_LIMIT, UnverifiedCallLimiter } from '../../src/sts/unverified-call-limiter.js';
import { freePort, removeDir, startCommand, trustbridge } from '../e2e/stack.js';

test('the flags make the limit, checked; --no-unverified-limit never throttles', () => {
  assert.deepEqual(unverifiedCallLimit({}), DEFAULT_UNVERIFIED_CALL_LIMIT);
  assert.deepEqual(unverifiedCallLimit({ unverifiedRate: '10', unverifiedBurst: '50' }), { perSecond: 10, burst: 50 });
  assert.equal(unverifiedCallLimit({ unverifiedLimit: false }), NO_RATE_LIMIT);
  assert.throws(() => unverifiedCallLimit({ unverifiedRate: '0' }), /--unverified-rate must be a positive number/);
  assert.throws(() => unverifiedCallLimit({ unverifiedBurst: 'lots' }), /--unverified-burst must be a positive number/);
  assert.throws(() => unverifiedCallLimit({ unverifiedLimit: false, unverifiedBurst: '5' }), /--no-unverified-limit turns the limit off/);
  const off = new UnverifiedCallLimiter(NO_RATE_LIMIT, () => 0);
  for (let i = 0; i < 10_000; i++) assert.equal(off.spend('192.0.2.1'), true);
});

test('serve --unverified-burst 2 throttles the third unverified call from an address with AWS\'s Throttling', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-rate-'));
  const node = await startCommand(['serve', '--dir', dir, '--port', String(await freePort()), '--unverified-rate', '0.01', '--unverified-burst', '2'], dir, 'listening on');
  try {
    const call = (): Promise<Response> => fetch(node.env.AWS_ENDPOINT_URL ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::000000000000:role/x&RoleSessionName=s&WebIdentityToken=junk',
    });
    for (let i = 0; i < 2; i++) {
      const denied = await call();
      assert.equal(denied.status, 400);
      assert.doesNotMatch(await denied.text(), /Throttling/);
    }
    const throttled = await call();
    assert.equal(throttled.status, 400);
    assert.match(await throttled.text(), /<Code>Throttling<\/Code>\s*<Message>Rate exceeded<\/Message>/);
  } finally {
    await node.stop();
    removeDir(dir);
  }
});

test('serve and up --help describe the flags, and a bad value stops the command', () => {
  for (const command of ['serve', 'up']) {
    const help = trustbridge([command, '--help']);
    assert.match(help.stdout, /--unverified-rate <per-second>/);
    assert.match(help.stdout, /--no-unverified-limit/);
    assert.match(help.stdout, /--master-key-file <file>/);
  }
  const bad = trustbridge(['serve', '--dir', mkdtempSync(join(tmpdir(), 'tb-rate-')), '--port', '0', '--unverified-rate', '-1']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--unverified-rate must be a positive number/);
});
