/**
 * Strict base64url (src/oidc/base64url.ts) reads a last character's stray bits off the character
 * itself. The oracle is the definition it replaced: a spelling is canonical when re-encoding its
 * bytes gives it back (RFC 4648 §3.5). Every last group of 2 and 3 characters is tried.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64url } from '../../src/oidc/base64url.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function canonical(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}

test('a last group is accepted exactly when re-encoding gives it back', () => {
  let accepted = 0;
  for (const a of ALPHABET) {
    for (const b of ALPHABET) {
      const two = `QUJD${a}${b}`;
      assert.equal(decodeBase64url(two) !== undefined, canonical(two), two);
      for (const c of ALPHABET) {
        const three = `QUJD${a}${b}${c}`;
        const decoded = decodeBase64url(three);
        assert.equal(decoded !== undefined, canonical(three), three);
        if (decoded !== undefined) accepted++;
      }
    }
  }
  // 64 × 64 × 16 three-character groups leave their 2 stray bits at zero.
  assert.equal(accepted, 64 * 64 * 16);
});

test('padding, whitespace, the standard alphabet and a lone last character are refused', () => {
  for (const text of ['QUI=', 'QU I', 'QU+/', 'QUJDR', 'QUJD\n']) assert.equal(decodeBase64url(text), undefined, JSON.stringify(text));
  assert.deepEqual(decodeBase64url('QUJD'), Buffer.from('ABC'));
  assert.deepEqual(decodeBase64url(''), Buffer.alloc(0));
});
