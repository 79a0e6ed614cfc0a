/**
 * The group-commit decision writer on its own: batching, the bounded queue (drop and count,
 * never block), the rate-limited warning, and close() writing what is queued.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DecisionWriter, type DecisionWriterOptions } from '../../src/stack/decision-writer.js';
import { DecisionRecords } from '../../src/store/records/decisions.js';
import type { DecisionRecord } from '../../src/store/records.js';

/** A writer over batches that keep their records, handing `write` the records of each. */
function newWriter(options: Omit<DecisionWriterOptions, 'newBatch' | 'write'> & { write(batch: DecisionRecord[]): Promise<void> }): DecisionWriter {
  return new DecisionWriter({ ...options, newBatch: () => new DecisionRecords(), write: (batch) => options.write((batch as DecisionRecords).records) });
}

function decision(id: number): DecisionRecord {
  return {
    id: String(id), time: new Date(0), accountId: '000000000000', action: 'sts:AssumeRoleWithWebIdentity',
    roleArn: 'arn:aws:iam::000000000000:role/r', providerArn: null, issuer: null, subject: null, sessionName: null,
    decision: 'denied', errorCode: 'AccessDenied', reason: 'test', matchedStatement: null, details: null,
  };
}

describe('DecisionWriter', () => {
  it('commits the records of one window in one batch', async () => {
    const batches: number[] = [];
    const writer = newWriter({ write: async (batch) => void batches.push(batch.length), warn: () => undefined, windowMs: 20 });
    for (let i = 0; i < 7; i++) writer.record(decision(i));
    assert.deepEqual(batches, [], 'nothing is written on the request path');
    await sleep(60);
    assert.deepEqual(batches, [7]);
    await writer.close();
  });

  it('records arriving while a batch is written wait for their own window, not for the batch to end', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer = newWriter({
      write: async (batch) => {
        batches.push(batch.map((d) => d.id));
        if (batches.length === 1) await gate;
      },
      warn: () => undefined,
      windowMs: 100,
    });
    writer.record(decision(1));
    const first = writer.flush();
    writer.record(decision(2)); // arrives while the first batch is being written
    await sleep(20);
    release();
    await first;
    await sleep(20);
    assert.deepEqual(batches, [['1']], 'the second record waits for its window (100 ms from its arrival)');
    await sleep(150);
    assert.deepEqual(batches, [['1'], ['2']]);
    // Someone waiting on flush() does not wait for the window.
    writer.record(decision(3));
    await writer.flush();
    assert.deepEqual(batches, [['1'], ['2'], ['3']]);
    await writer.close();
  });

  it('keeps writing windows after a flush that found nothing, and after a store that threw at once', async () => {
    const written: string[] = [];
    let throwAtOnce = true;
    const writer = new DecisionWriter({
      newBatch: () => new DecisionRecords(),
      write: (batch) => {
        if (throwAtOnce) throw new Error('refused before any I/O');
        written.push(...(batch as DecisionRecords).records.map((d) => d.id));
        return Promise.resolve();
      },
      warn: () => undefined,
      windowMs: 20,
    });
    await writer.flush();
    writer.record(decision(1));
    await writer.flush();
    assert.equal(writer.stats().failed, 1);
    throwAtOnce = false;
    writer.record(decision(2));
    await sleep(80);
    assert.deepEqual(written, ['2'], 'the window after them was written without anyone flushing');
    await writer.close();
  });

  it('counts a record its batch refused, without throwing to the caller', async () => {
    const warnings: string[] = [];
    const writer = new DecisionWriter({
      newBatch: () => ({ size: 0, add: () => { throw new TypeError('Do not know how to serialize a BigInt'); } }),
      write: async () => undefined,
      warn: (m) => warnings.push(m),
    });
    assert.doesNotThrow(() => writer.record(decision(1)));
    assert.deepEqual(writer.stats(), { written: 0, dropped: 0, failed: 1, queued: 0 });
    assert.match(warnings[0]!, /could not be queued: Do not know how to serialize a BigInt/);
    await writer.close();
  });

  it('starts a batch at once when maxBatch records are queued, and splits larger backlogs', async () => {
    const batches: number[] = [];
    const writer = newWriter({ write: async (batch) => void batches.push(batch.length), warn: () => undefined, windowMs: 10_000, maxBatch: 5 });
    for (let i = 0; i < 5; i++) writer.record(decision(i));
    await writer.flush();
    assert.deepEqual(batches, [5]);
    for (let i = 0; i < 12; i++) writer.record(decision(i));
    await writer.flush();
    assert.deepEqual(batches, [5, 5, 5, 2]);
    await writer.close();
  });

  it('drops and counts when the queue is full, without waiting, and warns once per period', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const warnings: string[] = [];
    const writer = newWriter({ write: () => blocked, warn: (m) => warnings.push(m), windowMs: 1, maxBatch: 2, maxQueued: 10, warnEveryMs: 60_000 });
    writer.record(decision(0));
    writer.record(decision(1)); // a batch of 2 starts and hangs on the store
    const started = process.hrtime.bigint();
    for (let i = 2; i < 1_000; i++) writer.record(decision(i));
    const micros = Number(process.hrtime.bigint() - started) / 1_000;
    assert.ok(micros < 200_000, `record() never waits for the store (${micros} µs for 998 calls)`);
    assert.deepEqual(writer.stats(), { written: 0, dropped: 988, failed: 0, queued: 10 });
    assert.equal(warnings.length, 1, 'one warning per period, not one per dropped record');
    assert.match(warnings[0]!, /queue full/);
    release();
    await writer.close();
    assert.equal(writer.stats().written, 12);
  });

  it('counts a batch the store refused, and carries on', async () => {
    let fail = true;
    const written: string[] = [];
    const warnings: string[] = [];
    const writer = newWriter({
      write: async (batch) => {
        if (fail) throw new Error('disk full');
        written.push(...batch.map((d) => d.id));
      },
      warn: (m) => warnings.push(m),
      windowMs: 1,
    });
    writer.record(decision(1));
    await writer.flush();
    fail = false;
    writer.record(decision(2));
    await writer.flush();
    assert.deepEqual(written, ['2']);
    assert.equal(writer.stats().failed, 1);
    assert.match(warnings[0]!, /disk full/);
    await writer.close();
  });

  it('writes what is queued on close, and drops what comes after', async () => {
    const written: string[] = [];
    const writer = newWriter({ write: async (batch) => void written.push(...batch.map((d) => d.id)), warn: () => undefined, windowMs: 60_000 });
    writer.record(decision(1));
    writer.record(decision(2));
    await writer.close();
    writer.record(decision(3));
    assert.deepEqual(written, ['1', '2']);
    assert.equal(writer.stats().dropped, 1);
  });
});
