/**
 * The wildcard matcher: agrees with a regular-expression reference on random inputs, and stays
 * linear on a crafted pattern/value pair that would make a backtracking regex explode (a token's
 * `sub` is attacker-chosen; the trust policy's pattern is not).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { compileArnPattern } from '../../src/policy/arn-pattern.js';
import { compileGlob } from '../../src/policy/glob.js';

const reference = (pattern: string, value: string, flags = 's'): boolean =>
  new RegExp(`^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('')}$`, flags).test(value);

it('matches like the regular-expression reference', () => {
  const alphabet = fc.constantFrom('a', 'b', ':', '/', '*', '?', 'A');
  const text = fc.array(alphabet, { maxLength: 10 }).map((a) => a.join(''));
  fc.assert(
    fc.property(text, text, fc.boolean(), (pattern, value, ignoreCase) => {
      assert.equal(compileGlob(pattern, ignoreCase)(value), reference(pattern, value, ignoreCase ? 'is' : 's'));
    }),
    { numRuns: 2000, seed: 7 },
  );
});

it('stays linear on a pattern that defeats backtracking regexes', () => {
  const pattern = '*a*a*a*a*a*a*a*a*a*a*b';
  const value = 'a'.repeat(20_000);
  assert.equal(compileGlob(pattern)(value), false);
  assert.equal(compileArnPattern(`arn:aws:s3:::${pattern}`)(`arn:aws:s3:::${value}`), false);
});

it('never lets a wildcard cross a colon in the first five ARN fields', () => {
  assert.equal(compileArnPattern('arn:aws:*:eu:123456789012:x')('arn:aws:s3:extra:eu:123456789012:x'), false);
  assert.equal(compileArnPattern('arn:aws:s3:*:*:x')('arn:aws:s3:eu:123456789012:x'), true);
  assert.equal(compileArnPattern('arn:aws:s3:???:*:x')('arn:aws:s3:eu:123456789012:x'), false);
});
