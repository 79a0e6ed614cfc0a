/**
 * Finding 9, second half (issue 10): a node started with its own master key on a shared store
 * failed later with AES-GCM's "Unsupported state or unable to authenticate data". Now the key
 * comes from --master-key-file, TRUSTBRIDGE_MASTER_KEY or D/master.key, the same way for every
 * command, and a key that does not match the store stops the node at once, saying how to fix it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { MasterKey } from '../../src/store/master-key.js';
import { openSqliteDatabase } from '../../src/store/sqlite.js';
import { openStore } from '../../src/store/open.js';
import { postgresBackend, sqliteBackend, type TestBackend } from '../store/backends.js';
import { freePort, removeDir, startCommand, trustbridge } from '../e2e/stack.js';

const MISMATCH = /the master key does not match the store .*--master-key-file FILE or the TRUSTBRIDGE_MASTER_KEY environment variable/s;
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-mkey-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach(removeDir));

function keyFile(dir: string, key = randomBytes(32)): string {
  const path = join(dir, 'cluster.key');
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  return path;
}

for (const backend of [sqliteBackend(), postgresBackend()] as TestBackend[]) {
  describe(`a node with another master key on a shared ${backend.name} store`, () => {
    after(() => backend.cleanup());

    test('exits at once with a message that says so and how to fix it; the right key by environment starts', async () => {
      const store = backend.freshUrl();
      const dirA = tempDir();
      const nodeA = await startCommand(['serve', '--dir', dirA, '--port', String(await freePort()), '--store', store], dirA, 'listening on');
      try {
        const dirB = tempDir();
        const nodeB = trustbridge(['serve', '--dir', dirB, '--port', String(await freePort()), '--store', store], { ...process.env });
        assert.equal(nodeB.status, 2, nodeB.stdout);
        assert.match(nodeB.stderr, MISMATCH);
        assert.doesNotMatch(nodeB.stderr, /Unsupported state/);

        // The same node, given the cluster's key through the environment, joins.
        const key = readFileSync(join(dirA, 'master.key'), 'utf8').trim();
        const dirC = tempDir();
        const nodeC = await startCommand(['serve', '--dir', dirC, '--port', String(await freePort()), '--store', store], dirC, 'listening on', { ...process.env, TRUSTBRIDGE_MASTER_KEY: key });
        await nodeC.stop();
        assert.equal(existsSync(join(dirC, 'master.key')), false, 'a key given by environment is not copied to disk');
      } finally {
        await nodeA.stop();
      }
    });

    test('a store from before the check, opened first by a stranger key, is refused rather than claimed', async () => {
      const url = backend.freshUrl();
      const owner = MasterKey.ephemeral();
      const store = await openStore(url, owner);
      await store.createAccessKey('000000000000');
      await store.close();
      await forgetCheck(url);
      await assert.rejects(openStore(url, MasterKey.ephemeral()), MISMATCH);
      await (await openStore(url, owner)).close();
    });
  });
}

/** Deletes the key-check row, as a store made before migration 0003 would be. */
async function forgetCheck(url: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const db = openSqliteDatabase(url.slice('sqlite:'.length));
    await sql`delete from master_key_check`.execute(db);
    await db.destroy();
    return;
  }
  const { default: pg } = await import('pg');
  const schema = new URL(url).searchParams.get('schema') ?? '';
  const client = new pg.Client({ connectionString: url.replace(/\?.*$/, '') });
  await client.connect();
  await client.query(`delete from "${schema}".master_key_check`);
  await client.end();
}

test('--master-key-file serves with --workers (primary and workers) and every CLI reading the store resolves it the same way', async () => {
  const dir = tempDir();
  const file = keyFile(tempDir());
  const node = await startCommand(['serve', '--dir', dir, '--port', String(await freePort()), '--workers', '2', '--master-key-file', file], dir, 'listening on');
  try {
    assert.equal(existsSync(join(dir, 'master.key')), false, 'no D/master.key is created when a key file is given');
    const link = trustbridge(['console-link', '--dir', dir, '--master-key-file', file]);
    assert.equal(link.status, 0, link.stderr);
    assert.match(link.stdout, /^http:\/\/127\.0\.0\.1:\d+\/console\//);
    const withoutKey = trustbridge(['console-link', '--dir', dir]);
    assert.notEqual(withoutKey.status, 0);
    assert.match(withoutKey.stderr, /no master key.*--master-key-file/);
    const decisions = trustbridge(['decisions', '--dir', dir, '--master-key-file', file]);
    assert.equal(decisions.status, 0, decisions.stderr);
    const wrong = trustbridge(['decisions', '--dir', dir, '--master-key-file', keyFile(tempDir())]);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, MISMATCH);
  } finally {
    await node.stop();
  }
});

test('a malformed key file or environment value is refused with the expected format', () => {
  const dir = tempDir();
  const bad = join(dir, 'bad.key');
  writeFileSync(bad, 'not a key\n');
  assert.throws(() => MasterKey.loadOrCreate(dir, { file: bad }), /32 bytes in base64 \(make one with: openssl rand -base64 32\)/);
  assert.throws(() => MasterKey.loadOrCreate(dir, { env: { TRUSTBRIDGE_MASTER_KEY: randomBytes(16).toString('base64') } }), /TRUSTBRIDGE_MASTER_KEY does not hold a master key/);
  assert.equal(existsSync(join(dir, 'master.key')), false);
  const fromEnv = MasterKey.loadOrCreate(dir, { env: { TRUSTBRIDGE_MASTER_KEY: randomBytes(32).toString('base64') } });
  assert.equal(existsSync(join(dir, 'master.key')), false);
  assert.ok(fromEnv);
});
