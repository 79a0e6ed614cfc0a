/**
 * The decision log off the request path, end to end against `serve --workers 2` on SQLite:
 * a decision is findable by `explain --decision` right after the call that made it (whichever
 * worker made it), and every decision the server answered is in the store after SIGTERM.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import { freePort, removeDir, startCommand, trustbridge, type RunningStack } from '../e2e/stack.js';

const ROLE_ARN = 'arn:aws:iam::000000000000:role/nobody';

/** An unsigned AssumeRoleWithWebIdentity that is denied (not a JWT): still a recorded decision. */
async function deniedCall(url: string): Promise<string> {
  const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: ROLE_ARN, RoleSessionName: 's', WebIdentityToken: 'not-a-jwt' });
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  await response.text();
  assert.equal(response.status, 400);
  const id = response.headers.get('x-trustbridge-decision-id');
  assert.ok(id, 'the answer names its decision');
  return id;
}

describe('decision log with serve --workers 2 on SQLite', () => {
  let node: RunningStack;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-decisions-'));
    node = await startCommand(['serve', '--dir', dir, '--port', String(await freePort()), '--workers', '2'], dir, 'listening on');
  });

  after(async () => {
    await node.stop();
    removeDir(dir);
  });

  it('finds a decision with explain --decision right after the call', async () => {
    for (let i = 0; i < 4; i++) {
      const id = await deniedCall(node.env['AWS_ENDPOINT_URL']!);
      const explained = trustbridge(['explain', '--decision', id, '--dir', dir, '--json']);
      assert.equal(explained.status, 1, explained.stderr);
      assert.equal((JSON.parse(explained.stdout) as { decision: string }).decision, 'denied');
    }
  });

  it('writes every answered decision when stopped with SIGTERM', async () => {
    const ids = await Promise.all(Array.from({ length: 60 }, () => deniedCall(node.env['AWS_ENDPOINT_URL']!)));
    // At once: the last window is still queued in the workers.
    assert.equal(await node.stop('SIGTERM'), 0);
    const store = await openStore(`sqlite:${join(dir, 'trustbridge.db')}`, MasterKey.loadOrCreate(dir));
    try {
      const kept = new Set((await store.listDecisions({ limit: 10_000 })).map((d) => d.id));
      assert.deepEqual(ids.filter((id) => !kept.has(id)), [], 'decisions lost on SIGTERM');
    } finally {
      await store.close();
    }
  });
});
