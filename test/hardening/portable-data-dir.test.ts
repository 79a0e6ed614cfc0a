/**
 * Finding 9 (issue 10): a copied data directory must open. The TLS keys were sealed with their
 * absolute path as associated data, so a restored copy failed with "Unsupported state or unable
 * to authenticate data".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalTls } from '../../src/issuer/tls/local-ca.js';

test('a data directory copied elsewhere still opens its sealed TLS keys', () => {
  const root = mkdtempSync(join(tmpdir(), 'tb-copy-'));
  try {
    const original = join(root, 'a');
    const first = ensureLocalTls(original);
    const copy = join(root, 'elsewhere', 'b');
    cpSync(original, copy, { recursive: true });
    rmSync(original, { recursive: true });
    const reopened = ensureLocalTls(copy);
    assert.equal(reopened.cert, first.cert, 'the same leaf, not a new one');
    assert.equal(reopened.key, first.key);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
