/**
 * Every CreateRole the client saw succeed is still there after the server is killed -9
 * mid-burst (SQLite in WAL mode with synchronous=FULL; see src/store/sqlite.ts) — also when the
 * whole API runs, with its decision writer committing batches beside the IAM writes: a kill -9
 * may lose the last window of decision rows, never an acknowledged IAM write.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import { ACCOUNT } from '../iam/harness.js';

const ACKS_BEFORE_KILL = 150;
const dir = mkdtempSync(join(tmpdir(), 'tb-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function burstThenKill(args: string[], url: string): Promise<void> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./durability-child.js', import.meta.url)), ...args], {
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

  const store = await openStore(url, MasterKey.loadOrCreate(dirOf(url)));
  try {
    const names = new Set((await store.listRoles(ACCOUNT)).map((r) => r.roleName));
    const lost = acknowledged.filter((name) => !names.has(name));
    assert.deepEqual(lost, [], 'acknowledged roles lost after kill -9');
    // Nothing half-written either: every role that exists is complete.
    for (const role of await store.listRoles(ACCOUNT)) assert.match(role.roleId, /^AROA/);
  } finally {
    await store.close();
  }
}

function dirOf(url: string): string {
  return dirname(url.slice('sqlite:'.length));
}

it('keeps every acknowledged CreateRole across a kill -9', { timeout: 120_000 }, async () => {
  const url = `sqlite:${join(dir, 'store', 'store.db')}`;
  mkdirSync(dirOf(url), { recursive: true });
  await burstThenKill(['store', url, dirOf(url)], url);
});

it('keeps every acknowledged CreateRole across a kill -9 of the whole API while the decision writer commits', { timeout: 120_000 }, async () => {
  const stackDir = join(dir, 'stack');
  await burstThenKill(['stack', stackDir], `sqlite:${join(stackDir, 'trustbridge.db')}`);
});
