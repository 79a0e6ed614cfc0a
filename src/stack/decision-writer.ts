/**
 * The decision log off the request path: STS hands each record to `record()` and answers at
 * once; this writer commits what has queued up in ONE transaction per window (group commit), at
 * most `windowMs` after the first queued record or as soon as `maxBatch` have queued. One fsync
 * then covers hundreds of decisions instead of one each, and no request waits for the disk.
 *
 * Records that arrive while a batch is being written wait for their own window too, rather than
 * being written the moment the batch ends: under load the writer used to commit back to back,
 * some 70 small transactions a second per worker, each rewriting the same last pages of the
 * table and its indexes and syncing them (docs/benchmarks.md, sixth round). Only a full batch,
 * or someone waiting on flush(), writes at once.
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
import type { DecisionBatch } from '../store/store.js';
import type { DecisionRecord } from '../store/records.js';

export interface DecisionWriterOptions {
  /**
   * An empty batch (the store's newDecisionBatch). Records go into one as they are queued: an
   * SQLite store packs their rows at once, off the V8 heap (src/store/packed-rows.ts).
   */
  newBatch(): DecisionBatch;
  /** Writes one batch atomically (one transaction). */
  write(batch: DecisionBatch): Promise<void>;
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
  /** The batch being filled, and full ones waiting to be written, oldest first. */
  private filling: DecisionBatch;
  private full: DecisionBatch[] = [];
  /** Records in `filling` and `full`. */
  private queued = 0;
  /** When the oldest queued record arrived (Date.now()); its window ends windowMs later. */
  private oldestAt = 0;
  /** How many of the queued records someone waits on (flush, close): written before the drain stops. */
  private owed = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Whether writeBatches is running, and who waits for it to stop. */
  private draining = false;
  private waiting: Array<() => void> = [];
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
    this.filling = options.newBatch();
  }

  /** Queues one record; never waits and never throws. */
  record(decision: DecisionRecord): void {
    if (this.closed || this.queued >= this.maxQueued) {
      this.counts.dropped++;
      this.warnRateLimited(`decision log: queue full (${this.maxQueued} records), dropping records`);
      return;
    }
    try {
      // An SQLite batch serialises the record here; nothing a call decided may make STS throw.
      this.filling.add(decision);
    } catch (err) {
      this.counts.failed++;
      this.warnRateLimited(`decision log: a record could not be queued: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (this.queued === 0) this.oldestAt = Date.now();
    this.queued++;
    if (this.filling.size >= this.maxBatch) this.full.push(this.takeFilling());
    // A running drain writes a full batch at once, and sets the window of what it leaves.
    if (this.draining) return;
    if (this.full.length > 0) void this.drain();
    else if (this.timer === undefined) this.startWindow(this.windowMs);
  }

  /** Resolves once every record queued before the call is written (or known lost). */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.owed = this.queued;
    return this.drain();
  }

  /** Writes what is queued; records arriving afterwards are dropped and counted. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  stats(): DecisionWriterCounts {
    return { ...this.counts, queued: this.queued };
  }

  private drain(): Promise<void> {
    if (!this.draining) {
      if (!this.mustWrite()) return Promise.resolve();
      void this.writeBatches();
      // It may have finished already: a store whose write threw at once.
      if (!this.draining) return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private mustWrite(): boolean {
    return this.queued > 0 && (this.owed > 0 || this.full.length > 0);
  }

  /** Writes batches while one is full or owed; what is left waits for the end of its window. */
  private async writeBatches(): Promise<void> {
    this.draining = true;
    try {
      while (this.mustWrite()) {
        const batch = this.full.shift() ?? this.takeFilling();
        this.queued -= batch.size;
        this.owed = Math.max(0, this.owed - batch.size);
        try {
          await this.options.write(batch);
          this.counts.written += batch.size;
        } catch (err) {
          this.counts.failed += batch.size;
          this.warnRateLimited(`decision log: a batch of ${batch.size} records could not be written: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    } finally {
      // As the loop ends, before anything else runs: a flush() from now on starts a new drain.
      this.draining = false;
      for (const resolve of this.waiting.splice(0)) resolve();
      if (this.queued > 0 && this.timer === undefined) this.startWindow(this.oldestAt + this.windowMs - Date.now());
    }
  }

  private takeFilling(): DecisionBatch {
    const batch = this.filling;
    this.filling = this.options.newBatch();
    return batch;
  }

  private startWindow(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, Math.max(0, delayMs));
    // A pending window must not keep a finished process alive; close() writes it.
    this.timer.unref();
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
