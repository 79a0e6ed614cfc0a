/**
 * The decision log as people and scripts read it: a query built from CLI-style filters, one
 * summary row per decision, and a text table. The full record (steps, claims, trace) is
 * explainDecision's job.
 */
import type { DecisionQuery, DecisionRecord } from '../../store/records.js';
import type { DecisionLog } from '../../store/store.js';
import type { Style } from '../render/style.js';

export interface DecisionFilter {
  accountId?: string;
  deniedOnly?: boolean;
  /** A role ARN, or a bare role name (matched against the ARN's last path segment). */
  role?: string;
  since?: Date;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

export interface DecisionSummary {
  id: string;
  time: string;
  decision: 'allowed' | 'denied';
  roleArn: string;
  subject: string | null;
  errorCode: string | null;
  reason: string;
}

export const DEFAULT_DECISION_LIMIT = 100;
/** How many rows are scanned when a bare role name has to be matched after the query. */
const NAME_SCAN_LIMIT = 10_000;

export async function listDecisions(log: Pick<DecisionLog, 'listDecisions'>, filter: DecisionFilter): Promise<DecisionRecord[]> {
  const limit = filter.limit ?? DEFAULT_DECISION_LIMIT;
  const byName = filter.role !== undefined && !filter.role.startsWith('arn:') ? filter.role : undefined;
  const query: DecisionQuery = { limit: byName === undefined ? limit : NAME_SCAN_LIMIT };
  if (filter.accountId !== undefined) query.accountId = filter.accountId;
  if (filter.deniedOnly === true) query.deniedOnly = true;
  if (filter.since !== undefined) query.since = filter.since;
  if (filter.role !== undefined && byName === undefined) query.roleArn = filter.role;
  const records = await log.listDecisions(query);
  if (byName === undefined) return records;
  // Role names are case-insensitive in IAM.
  const name = byName.toLowerCase();
  return records.filter((r) => r.roleArn.slice(r.roleArn.lastIndexOf('/') + 1).toLowerCase() === name).slice(0, limit);
}

export function summarizeDecision(record: DecisionRecord): DecisionSummary {
  return {
    id: record.id,
    time: record.time.toISOString(),
    decision: record.decision,
    roleArn: record.roleArn,
    subject: record.subject,
    errorCode: record.errorCode,
    reason: record.reason,
  };
}

/**
 * `--since`: an ISO-8601 time, or a duration back from `now` (`90s`, `15m`, `2h`, `7d`).
 * Returns undefined for anything else.
 */
export function parseSince(text: string, now: Date): Date | undefined {
  const relative = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (relative !== null) {
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(relative[1]) * unit * 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

export function renderDecisionTable(rows: readonly DecisionSummary[], style: Style): string {
  if (rows.length === 0) return 'No decisions recorded for this filter.\n';
  return rows.map((r) => {
    const verdict = r.decision === 'allowed' ? style.ok('allowed') : style.bad('denied ');
    const code = r.errorCode ?? '-';
    return [
      `${r.time}  ${verdict}  ${r.roleArn}  ${code}  ${style.dim(r.id)}`,
      `    sub ${r.subject === null ? '(none)' : JSON.stringify(r.subject)}`,
      `    ${r.reason}`,
    ].join('\n');
  }).join('\n') + '\n';
}
