/**
 * Decision batches for an SQLite store file, written by a thread of their own
 * (sqlite-decision-thread.ts). better-sqlite3 is synchronous: on the server's own connection
 * every group commit would stop the event loop for its fsync, and for as long as another worker
 * held the write lock — the p99 of every call in flight. The thread starts on the first batch, so
 * CLI commands that never write decisions never pay for it, and is held only while a batch is in
 * flight, so it never keeps a finished process alive.
 */
import { Worker } from 'node:worker_threads';
import { PackedRows } from './packed-rows.js';
import { decisionRow, type DecisionBatch } from './records/decisions.js';
import type { DecisionRecord } from './records.js';
import type { DecisionsTable } from './schema.js';
import type { AppendReply, AppendRequest } from './sqlite-decision-thread.js';

interface Pending {
  resolve(): void;
  reject(error: Error): void;
}

/** The columns in the order a packed row gives their values. */
const COLUMNS: ReadonlyArray<keyof DecisionsTable> = [
  'id', 'time', 'account_id', 'action', 'role_arn', 'provider_arn', 'issuer', 'subject', 'session_name', 'decision', 'error_code', 'reason', 'matched_statement', 'details',
];

/** A window of decisions as the writer thread takes them: their rows, packed as they come (packed-rows.ts). */
export class PackedDecisions implements DecisionBatch {
  private readonly rows: PackedRows;

  constructor(recycled?: ArrayBuffer) {
    this.rows = new PackedRows(recycled);
  }

  add(record: DecisionRecord): void {
    const row = decisionRow(record);
    this.rows.add(COLUMNS.map((column) => row[column]));
  }

  get size(): number {
    return this.rows.size;
  }

  seal(): ReturnType<PackedRows['seal']> {
    return this.rows.seal();
  }
}

/** Buffers kept for reuse: one being filled while another is written is the steady state. */
const MAX_SPARE_BUFFERS = 2;
/** A buffer a burst grew beyond this is let go rather than kept. */
const MAX_SPARE_BYTES = 4 * 1024 * 1024;

export class SqliteDecisionAppender {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private readonly spare: ArrayBuffer[] = [];

  constructor(private readonly path: string) {}

  /** An empty batch, packed into a buffer the writer thread has given back when there is one. */
  newBatch(): PackedDecisions {
    return new PackedDecisions(this.spare.pop());
  }

  append(batch: PackedDecisions): Promise<void> {
    if (batch.size === 0) return Promise.resolve();
    const worker = this.started();
    const seq = ++this.seq;
    const packed = batch.seal();
    const request: AppendRequest = { seq, columns: COLUMNS, ...packed };
    return new Promise<void>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      worker.ref();
      // Transferred, not copied: the bytes move to the thread.
      worker.postMessage(request, [packed.buffer]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./sqlite-decision-thread.js', import.meta.url), {
      workerData: { path: this.path },
      // The thread only passes rows on to SQLite, but with V8's defaults its young generation grew
      // to tens of MB under load, on top of the worker process's own heap (peak RSS per serve
      // process is held to 200 MB). A batch is at most 500 records of at most 16 KiB.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    });
    worker.on('message', (reply: AppendReply) => this.settle(reply));
    // A thread that died takes its batches with it; the next batch starts a new one.
    const lost = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const [seq, waiting] of this.pending) {
        this.pending.delete(seq);
        waiting.reject(error);
      }
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the decision writer thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: AppendReply): void {
    const waiting = this.pending.get(reply.seq);
    if (waiting === undefined) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0) this.worker?.unref();
    if (this.spare.length < MAX_SPARE_BUFFERS && reply.buffer.byteLength <= MAX_SPARE_BYTES) this.spare.push(reply.buffer);
    if (reply.ok) waiting.resolve();
    else waiting.reject(new Error(reply.message));
  }
}
