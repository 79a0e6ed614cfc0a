/**
 * ambiguousClaimNames (src/sts/ambiguous-claims.ts) returns early when no claim name has an
 * upper-case letter. These cases pin that the early return loses nothing: upper case outside
 * ASCII is still found, and names the engine folds alike (toLowerCase, as src/policy/evaluate.ts
 * does) are still grouped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ambiguousClaimNames } from '../../src/sts/ambiguous-claims.js';

test('a token whose claim names are all lower case has nothing to drop', () => {
  assert.deepEqual(ambiguousClaimNames({ sub: 'a', aud: 'b', project_path: 'g/p', 'ünïcode': 1 }), []);
});

test('upper case beyond ASCII still counts: the Kelvin sign folds to "k"', () => {
  assert.deepEqual(ambiguousClaimNames({ key: 1, '\u212Aey': 2 }), ['key', '\u212Aey']);
});

test('a spelling of an AWS-defined key other than the exact one is dropped, the exact one kept', () => {
  assert.deepEqual(ambiguousClaimNames({ sub: 'a', SUB: 'b', Aud: 'c' }), ['SUB', 'Aud']);
});

test('an upper-case name that collides with nothing is kept', () => {
  assert.deepEqual(ambiguousClaimNames({ sub: 'a', Environment: 'production' }), []);
});
