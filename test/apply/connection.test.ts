import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConnection } from '../../src/workspace/connection.js';
import { writeEnvFile } from '../../src/workspace/env-file.js';

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'tb-conn-'));
  try {
    writeEnvFile(dir, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ACCESS_KEY_ID: 'AKIAFILE', AWS_SECRET_ACCESS_KEY: 'file-secret', AWS_DEFAULT_REGION: 'eu-west-1' });
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ENV = { AWS_ENDPOINT_URL: 'http://127.0.0.1:2', AWS_ACCESS_KEY_ID: 'ASIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'tok' };

test('an explicit --dir wins over the environment, key and secret from the same place', () => {
  withDir((dir) => {
    assert.deepEqual(resolveConnection(ENV, dir), { endpoint: 'http://127.0.0.1:1', region: 'eu-west-1', accessKeyId: 'AKIAFILE', secretAccessKey: 'file-secret', sessionToken: undefined });
  });
});

test('without --dir the AWS_* environment is used, with the session token', () => {
  const connection = resolveConnection(ENV, undefined);
  assert.equal(connection.accessKeyId, 'ASIAENV');
  assert.equal(connection.sessionToken, 'tok');
  assert.equal(connection.endpoint, 'http://127.0.0.1:2');
});

test('no endpoint or key anywhere is a clear error', () => {
  const empty = mkdtempSync(join(tmpdir(), 'tb-conn-empty-'));
  try {
    assert.throws(() => resolveConnection({}, empty), /no IAM endpoint or credentials/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
