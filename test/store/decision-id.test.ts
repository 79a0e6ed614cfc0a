/**
 * Decision ids (src/store/decision-id.ts): UUIDs in RFC 9562's version 7 layout, so that each
 * new decision row lands at the right edge of the id indexes. The layout checked here is RFC
 * 9562 §5.7: unix_ts_ms in the first 48 bits, version 0b0111, variant 0b10.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newDecisionId } from '../../src/store/decision-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a decision id is a version 7 UUID carrying the millisecond it was made', () => {
  const now = new Date('2026-12-05T23:50:56.123Z');
  const id = newDecisionId(now);
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), now.getTime());
});

test('ids sort by time across milliseconds, and never repeat within one', () => {
  const earlier = new Date('2026-12-05T23:50:56.123Z');
  const later = new Date(earlier.getTime() + 1);
  const sameMillisecond = new Set(Array.from({ length: 10_000 }, () => newDecisionId(earlier)));
  assert.equal(sameMillisecond.size, 10_000);
  for (const id of sameMillisecond) assert.ok(id < newDecisionId(later));
});

test('a clock before 1970 or past the 48-bit range still gives a well-formed id', () => {
  assert.match(newDecisionId(new Date(-1)), UUID_V7);
  assert.match(newDecisionId(new Date(8.64e15)), UUID_V7);
});
