/**
 * Every CreateRole the client saw succeed is still there after the server is killed -9
 * mid-burst (SQLite in WAL mode with synchronous=FULL; see src/store/sqlite.ts).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import { ACCOUNT } from '../iam/harness.js';

const ACKS_BEFORE_KILL = 150;
const dir = mkdtempSync(join(tmpdir(), 'tb-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('keeps every acknowledged CreateRole across a kill -9', { timeout: 120_000 }, async () => {
  const url = `sqlite:${join(dir, 'store.db')}`;
  const child = spawn(process.execPath, [fileURLToPath(new URL('./durability-child.js', import.meta.url)), url, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged: string[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^ack (\S+)$/.exec(line);
    if (match) acknowledged.push(match[1]!);
    // Killed while the loop is still creating roles: some write is typically in flight.
    if (acknowledged.length === ACKS_BEFORE_KILL) child.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL');
  assert.ok(acknowledged.length >= ACKS_BEFORE_KILL);

  const store = await openStore(url, MasterKey.loadOrCreate(dir));
  try {
    const names = new Set((await store.listRoles(ACCOUNT)).map((r) => r.roleName));
    const lost = acknowledged.filter((name) => !names.has(name));
    assert.deepEqual(lost, [], 'acknowledged roles lost after kill -9');
    // Nothing half-written either: every role that exists is complete.
    for (const role of await store.listRoles(ACCOUNT)) assert.match(role.roleId, /^AROA/);
  } finally {
    await store.close();
  }
});
