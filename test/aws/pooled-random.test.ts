import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pooledRandomBytes } from '../../src/aws/pooled-random.js';

test('pooled random bytes: the size asked for, never the same bytes twice, across pool refills', () => {
  const seen = new Set<string>();
  // 12-byte IVs, many times the pool's 4 KiB: each value is new, none is all zeros (a wiped range).
  for (let i = 0; i < 5_000; i++) {
    const iv = pooledRandomBytes(12);
    assert.equal(iv.length, 12);
    const hex = iv.toString('hex');
    assert.notEqual(hex, '0'.repeat(24));
    assert.ok(!seen.has(hex), `repeated after ${i} draws`);
    seen.add(hex);
  }
});

test("pooled random bytes: a returned buffer is the caller's own, and large sizes come straight from the generator", () => {
  const a = pooledRandomBytes(16);
  const copy = Buffer.from(a);
  pooledRandomBytes(16);
  assert.deepEqual(a, copy, 'a later draw does not change an earlier one');
  const large = pooledRandomBytes(1000);
  assert.equal(large.length, 1000);
  assert.equal(pooledRandomBytes(0).length, 0);
});
