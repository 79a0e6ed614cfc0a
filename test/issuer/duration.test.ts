import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../../src/issuer/duration.js';

test('durations as GitLab job timeouts are written', () => {
  assert.equal(parseDuration('3600'), 3600);
  assert.equal(parseDuration('1h 30m'), 5400);
  assert.equal(parseDuration('2 hours'), 7200);
  assert.equal(parseDuration('1 hour and 5 minutes'), 3900);
  assert.equal(parseDuration('30d'), 2_592_000);
  assert.equal(parseDuration('90s'), 90);
});

test('anything unreadable is refused, not guessed', () => {
  for (const bad of ['', 'soon', '5 parsecs', '1h garbage', '-5']) assert.throws(() => parseDuration(bad), bad);
});
