/**
 * Finding 8 (issue 10): the store, its WAL and SHM, the master key, issuer.json and the TLS files
 * were 0644, protected only by the directory's mode. With the process umask every file the
 * server creates is 0600 and every directory 0700, whatever the directory was before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDataDir, restrictCreatedFiles } from '../../src/cli/data-dir.js';
import { startApi } from '../../src/stack/api.js';
import { ensureLocalTls } from '../../src/issuer/tls/local-ca.js';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? [path, ...walk(path)] : [path];
  });
}

test('files the server creates in a 0755 directory are owner-only, and the directory earns a warning', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-modes-'));
  try {
    chmodSync(dir, 0o755);
    restrictCreatedFiles();
    assert.match(checkDataDir(dir) ?? '', /accessible to other users \(mode 0755\).*chmod 700/);
    const api = await startApi({ dir, port: 0, logLevel: 'silent' });
    const created = (() => {
      try {
        ensureLocalTls(dir);
        return walk(dir);
      } finally {
        void api.close();
      }
    })();
    assert.ok(created.some((p) => p.endsWith('trustbridge.db-wal')), created.join(', '));
    for (const path of created) assert.equal(statSync(path).mode & 0o077, 0, `${path} is ${(statSync(path).mode & 0o777).toString(8)}`);
    assert.equal(checkDataDir(join(dir, 'fresh')), undefined);
    assert.equal(statSync(join(dir, 'fresh')).mode & 0o777, 0o700);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
