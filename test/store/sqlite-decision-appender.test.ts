/**
 * The SQLite decision appender's buffers (src/store/sqlite-decision-appender.ts): the writer
 * thread gives each batch's buffer back, and the next batch is packed into it rather than into a
 * fresh allocation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import type { DecisionRecord } from '../../src/store/records.js';
import { SqliteDecisionAppender } from '../../src/store/sqlite-decision-appender.js';

function record(id: string, reason: string): DecisionRecord {
  return {
    id, time: new Date('2026-03-01T00:00:00.000Z'), accountId: '000000000000', action: 'sts:AssumeRoleWithWebIdentity', roleArn: 'arn:aws:iam::000000000000:role/r',
    providerArn: null, issuer: null, subject: null, sessionName: null, decision: 'denied', errorCode: 'AccessDenied', reason, matchedStatement: null, details: null,
  };
}

test('a written batch\'s buffer comes back and the next batch is packed into it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-appender-'));
  const path = join(dir, 'store.db');
  // Creates and migrates the file the thread writes to.
  await (await openStore(`sqlite:${path}`, MasterKey.ephemeral())).close();
  const appender = new SqliteDecisionAppender(path);
  try {
    // Past the first 64 KiB, so the first buffer grows and can be told apart from a fresh one.
    const big = appender.newBatch();
    big.add(record('big', 'x'.repeat(100_000)));
    await appender.append(big);
    const next = appender.newBatch();
    next.add(record('small', 'y'));
    const { buffer } = next.seal();
    assert.ok(buffer.byteLength >= 128 * 1024, `packed into the grown buffer given back (${buffer.byteLength} bytes)`);
    assert.equal(appender.newBatch().seal().buffer.byteLength, 64 * 1024, 'with none to spare, a fresh one');
  } finally {
    await appender.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
