/**
 * The decision log off the request path: STS hands each record to `record()` and answers at
 * once; this writer commits what has queued up in ONE transaction per window (group commit), at
 * most `windowMs` after the first queued record or as soon as `maxBatch` have queued. One fsync
 * then covers hundreds of decisions instead of one each, and no request waits for the disk.
 *
 * The queue is bounded: when it is full, records are dropped and counted (and a warning is
 * logged at most once per `warnEveryMs`), so a denial flood can neither block STS nor grow
 * memory. `close()` (SIGTERM/SIGINT) writes what is queued. What a `kill -9` may lose: the
 * records queued since the last commit, at most one window — never an IAM write, which commits
 * before it is acknowledged.
 *
 * With `serve --workers N`, each worker runs its own writer (see docs/benchmarks.md for the
 * measurement behind that choice): with SQLite each one takes the write lock for one short
 * transaction per window, not once per request.
 */
import { DECISION_WINDOW_MS } from '../store/decision-window.js';
import type { DecisionRecord } from '../store/records.js';

export interface DecisionWriterOptions {
  /** Writes one batch atomically (one transaction). */
  write(batch: readonly DecisionRecord[]): Promise<void>;
  /** Says something went wrong (records dropped or a batch not written); rate-limited here. */
  warn(message: string): void;
  windowMs?: number;
  maxBatch?: number;
  /** Records waiting beyond this are dropped. */
  maxQueued?: number;
  warnEveryMs?: number;
}

export interface DecisionWriterCounts {
  written: number;
  /** Refused because the queue was full. */
  dropped: number;
  /** Lost because their batch could not be written. */
  failed: number;
  queued: number;
}

export class DecisionWriter {
  private queue: DecisionRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly warnEveryMs: number;
  private lastWarning = Number.NEGATIVE_INFINITY;
  private unreported = 0;
  private readonly counts = { written: 0, dropped: 0, failed: 0 };

  constructor(private readonly options: DecisionWriterOptions) {
    this.windowMs = options.windowMs ?? DECISION_WINDOW_MS;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxQueued = options.maxQueued ?? 20_000;
    this.warnEveryMs = options.warnEveryMs ?? 10_000;
  }

  /** Queues one record; never waits and never throws. */
  record(decision: DecisionRecord): void {
    if (this.closed || this.queue.length >= this.maxQueued) {
      this.counts.dropped++;
      this.warnRateLimited(`decision log: queue full (${this.maxQueued} records), dropping records`);
      return;
    }
    this.queue.push(decision);
    // A running drain picks the record up when its transaction ends: nothing to schedule.
    if (this.draining !== undefined) return;
    if (this.queue.length >= this.maxBatch) {
      void this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.windowMs);
      // A pending window must not keep a finished process alive; close() writes it.
      this.timer.unref();
    }
  }

  /** Resolves once every record queued before the call is written (or known lost). */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /** Writes what is queued; records arriving afterwards are dropped and counted. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  stats(): DecisionWriterCounts {
    return { ...this.counts, queued: this.queue.length };
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
      try {
        await this.options.write(batch);
        this.counts.written += batch.length;
      } catch (err) {
        this.counts.failed += batch.length;
        this.warnRateLimited(`decision log: a batch of ${batch.length} records could not be written: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private warnRateLimited(message: string): void {
    this.unreported++;
    const now = Date.now();
    if (now - this.lastWarning < this.warnEveryMs) return;
    this.lastWarning = now;
    const count = this.unreported;
    this.unreported = 0;
    this.options.warn(count > 1 ? `${message} (${count} times since the last warning)` : message);
  }
}
