import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedMap } from '../../src/aws/bounded-map.js';

test('a BoundedMap keeps at most its capacity, dropping the oldest entry first', () => {
  const map = new BoundedMap<string, number>(3);
  for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) map.set(key, i);
  assert.equal(map.size, 3);
  assert.equal(map.get('a'), undefined);
  assert.equal(map.get('b'), undefined);
  assert.deepEqual(
    ['c', 'd', 'e'].map((key) => map.get(key)),
    [2, 3, 4],
  );
  // Replacing a kept key's value evicts nothing.
  map.set('d', 30);
  assert.equal(map.size, 3);
  assert.equal(map.get('c'), 2);
  assert.equal(map.get('d'), 30);
});
