/** `--decision-retention` and `--decision-max-rows`, shared by `serve` and `up`. */
import type { Command } from 'commander';
import { InvalidInputError } from '../errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/** `30d`, `12h`, `90m`, `3600s` → milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)([smhd])$/.exec(value.trim());
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount < 1) throw new InvalidInputError(`${value} is not a duration: use a whole number and s, m, h or d, e.g. 30d or 12h`);
  return amount * (UNIT_MS[match[2] as string] as number);
}

export function parseRowCount(value: string): number {
  const rows = Number(value);
  if (!Number.isSafeInteger(rows) || rows < 1) throw new InvalidInputError(`${value} is not a row count: use a whole number of at least 1`);
  return rows;
}

export interface RetentionFlags {
  decisionRetention: number;
  decisionMaxRows: number;
}

export function addRetentionOptions(command: Command): Command {
  return command
    .option('--decision-retention <duration>', 'prune decision-log rows older than this (s, m, h, d; default 30d)', parseDuration, parseDuration('30d'))
    .option('--decision-max-rows <n>', 'keep at most this many decision-log rows, the newest (default 1000000)', parseRowCount, 1_000_000);
}
