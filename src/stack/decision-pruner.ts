/**
 * Decision-log retention: a timer on every node prunes rows older than the retention period and
 * rows beyond the row cap. Each pass deletes in small batches and yields between them, so the
 * decision writer (and the other nodes) get the write lock back quickly; the timer is unref'd so
 * it never keeps a process alive. Several nodes pruning one store delete the same rows.
 */
import type { DecisionLog } from '../store/store.js';

export const DEFAULT_DECISION_RETENTION_MS = 30 * 24 * 3600_000;
export const DEFAULT_DECISION_MAX_ROWS = 1_000_000;
const DEFAULT_PRUNE_INTERVAL_MS = 5 * 60_000;
const BATCH_SIZE = 500;

export interface DecisionPrunerOptions {
  store: Pick<DecisionLog, 'pruneDecisions'>;
  retentionMs?: number;
  maxRows?: number;
  intervalMs?: number;
  warn: (message: string) => void;
  now?: () => number;
}

export class DecisionPruner {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<number> | undefined;
  private closed = false;

  constructor(private readonly options: DecisionPrunerOptions) {
    this.timer = setInterval(() => void this.pruneNow(), options.intervalMs ?? DEFAULT_PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  /** One full pass (joins a pass already running); resolves with the number of rows deleted. */
  pruneNow(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async pass(): Promise<number> {
    const now = this.options.now?.() ?? Date.now();
    const retention = {
      before: new Date(now - (this.options.retentionMs ?? DEFAULT_DECISION_RETENTION_MS)),
      keepNewest: this.options.maxRows ?? DEFAULT_DECISION_MAX_ROWS,
      batchSize: BATCH_SIZE,
    };
    let total = 0;
    try {
      while (!this.closed) {
        const deleted = await this.options.store.pruneDecisions(retention);
        total += deleted;
        if (deleted < BATCH_SIZE) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      // A busy or briefly unreachable store is retried on the next tick; the log only grows meanwhile.
      this.options.warn(`decision-log pruning failed, will retry: ${err instanceof Error ? err.message : String(err)}`);
    }
    return total;
  }
}
