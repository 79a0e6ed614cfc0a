/**
 * Issue 10: the decision log is bounded in time and in rows. Rows older than the retention and
 * rows beyond the row cap are pruned (newest kept), on SQLite and PostgreSQL, by the background
 * pruner a started API runs; `serve`/`up` parse --decision-retention and --decision-max-rows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDuration, parseRowCount } from '../../src/cli/log-options.js';
import { startApi } from '../../src/stack/api.js';
import type { DecisionRecord } from '../../src/store/records.js';
import { allBackends, freshStore } from '../store/backends.js';

const ACCOUNT = '000000000000';
const HOUR = 3600_000;

function decision(id: string, ageMs: number, now: number): DecisionRecord {
  return {
    id,
    time: new Date(now - ageMs),
    accountId: ACCOUNT,
    action: 'sts:AssumeRoleWithWebIdentity',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/a`,
    providerArn: null,
    issuer: null,
    subject: null,
    sessionName: null,
    decision: 'denied',
    errorCode: 'InvalidIdentityToken',
    reason: 'test',
    matchedStatement: null,
    details: null,
  };
}

async function ids(list: () => Promise<DecisionRecord[]>): Promise<string[]> {
  return (await list()).map((d) => d.id).sort();
}

for (const backend of allBackends()) {
  describe(`decision-log retention on ${backend.name}`, () => {
    after(() => backend.cleanup());

    it('prunes rows older than the retention and beyond the cap, in batches, keeping the newest', async () => {
      const { store } = await freshStore(backend);
      try {
        const now = Date.now();
        for (let i = 0; i < 3; i++) await store.recordDecision(decision(`old${i}`, 48 * HOUR + i, now));
        for (let i = 0; i < 5; i++) await store.recordDecision(decision(`new${i}`, i * 1000, now));
        const retention = { before: new Date(now - 24 * HOUR), keepNewest: 100, batchSize: 2 };
        assert.equal(await store.pruneDecisions(retention), 2, 'one bounded batch per call');
        assert.equal(await store.pruneDecisions(retention), 1);
        assert.equal(await store.pruneDecisions(retention), 0);
        assert.deepEqual(await ids(() => store.listDecisions({})), ['new0', 'new1', 'new2', 'new3', 'new4']);
        // The cap: only the 3 newest stay.
        assert.equal(await store.pruneDecisions({ ...retention, keepNewest: 3, batchSize: 10 }), 2);
        assert.deepEqual(await ids(() => store.listDecisions({})), ['new0', 'new1', 'new2']);
      } finally {
        await store.close();
      }
    });

    it('runs in the background of a started API', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tb-retention-'));
      const api = await startApi({
        dir,
        port: 0,
        storeUrl: backend.freshUrl(),
        logLevel: 'silent',
        decisionRetentionMs: 24 * HOUR,
        decisionMaxRows: 4,
        decisionPruneIntervalMs: 50,
      });
      try {
        const now = Date.now();
        for (let i = 0; i < 3; i++) await api.store.recordDecision(decision(`old${i}`, 48 * HOUR + i, now));
        for (let i = 0; i < 6; i++) await api.store.recordDecision(decision(`new${i}`, i * 1000, now));
        const deadline = Date.now() + 10_000;
        let kept: string[] = [];
        while (Date.now() < deadline) {
          kept = await ids(() => api.store.listDecisions({}));
          if (kept.length <= 4) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.deepEqual(kept, ['new0', 'new1', 'new2', 'new3']);
      } finally {
        await api.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('retention flags', () => {
  it('parse durations and row counts, and refuse nonsense with a hint', () => {
    assert.equal(parseDuration('30d'), 30 * 24 * HOUR);
    assert.equal(parseDuration('12h'), 12 * HOUR);
    assert.equal(parseDuration('90m'), 90 * 60_000);
    assert.throws(() => parseDuration('30'), /e\.g\. 30d/);
    assert.throws(() => parseDuration('0d'), /not a duration/);
    assert.equal(parseRowCount('1000000'), 1_000_000);
    assert.throws(() => parseRowCount('-1'), /not a row count/);
  });
});
