/**
 * How long a decision may sit in a server's queue before it is committed (the group-commit
 * window of src/stack/decision-writer.ts), and how a reader in another process — another
 * worker, or the CLI reading the store file — waits for it instead of missing a decision made
 * a moment ago.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DecisionRecord } from './records.js';

export const DECISION_WINDOW_MS = 50;
/** One window plus room for its commit. */
export const DECISION_SETTLE_MS = DECISION_WINDOW_MS + 30;

/** Reads until found, for a few windows: an unknown id costs a quarter of a second, a fresh one at most a window. */
export async function readDecisionSettled(read: () => Promise<DecisionRecord | undefined>): Promise<DecisionRecord | undefined> {
  for (const pause of [0, DECISION_SETTLE_MS, DECISION_SETTLE_MS, 2 * DECISION_SETTLE_MS]) {
    if (pause > 0) await sleep(pause);
    const found = await read();
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Before listing from another process: let every writer's current window commit. */
export function settleDecisions(): Promise<void> {
  return sleep(DECISION_SETTLE_MS);
}
