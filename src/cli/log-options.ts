/** The log flags `serve` and `up` share: decision-log retention and the audit log. */
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

export interface LogFlags {
  decisionRetention: number;
  decisionMaxRows: number;
  auditLog?: string;
}

/** The ApiOptions the flags stand for. */
export function logApiOptions(flags: LogFlags): { decisionRetentionMs: number; decisionMaxRows: number; auditLog?: string } {
  return {
    decisionRetentionMs: flags.decisionRetention,
    decisionMaxRows: flags.decisionMaxRows,
    ...(flags.auditLog !== undefined ? { auditLog: flags.auditLog } : {}),
  };
}

export function addLogOptions(command: Command): Command {
  return command
    .option('--audit-log <file>', 'append a CloudTrail-shaped JSON line per API call to FILE (- for stdout); secrets never written')
    .option(
      '--decision-retention <duration>',
      'prune decision-log rows older than this (s, m, h, d; default 30d)',
      parseDuration,
      parseDuration('30d'),
    )
    .option('--decision-max-rows <n>', 'keep at most this many decision-log rows, the newest (default 1000000)', parseRowCount, 1_000_000);
}
