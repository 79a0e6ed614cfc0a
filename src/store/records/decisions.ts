/** The decision log: one row per AssumeRoleWithWebIdentity decision (and trust-policy warning). */
import type { DecisionQuery, DecisionRecord } from '../records.js';
import type { DecisionsTable } from '../schema.js';
import type { RecordContext } from './context.js';
import { decisionDetailsJson } from '../decision-json.js';
import { iso } from './rows.js';

export interface DecisionLog {
  recordDecision(decision: DecisionRecord): Promise<void>;
  /**
   * Writes a batch of decisions at once (the group-commit writer's window): one statement per
   * chunk, so the per-row cost is binding values, not compiling a query. Atomic: a batch is
   * written whole or not at all.
   */
  appendDecisions(batch: readonly DecisionRecord[]): Promise<void>;
  /**
   * An empty batch in the form this store writes best (the group-commit writer fills one per
   * window): the records themselves, or for an SQLite file their rows packed off the V8 heap.
   */
  newDecisionBatch(): DecisionBatch;
  /** Writes a batch from newDecisionBatch, as appendDecisions writes its records. */
  appendDecisionBatch(batch: DecisionBatch): Promise<void>;
  /** Newest first. */
  listDecisions(query: DecisionQuery): Promise<DecisionRecord[]>;
  getDecision(id: string): Promise<DecisionRecord | undefined>;
  /**
   * Deletes at most `batchSize` of the oldest rows that are older than `before` or beyond the
   * newest `keepNewest`; returns how many went. One short batch per call, so a caller looping
   * until it gets less than `batchSize` never holds the write lock long. Idempotent across nodes:
   * every node computes the same cut-off, so concurrent prunes delete the same rows, never more.
   */
  pruneDecisions(retention: DecisionRetention): Promise<number>;
}

/** Decisions gathered for one append. */
export interface DecisionBatch {
  add(record: DecisionRecord): void;
  /** Records added so far. */
  readonly size: number;
}

/** A batch that keeps its records as they are. */
export class DecisionRecords implements DecisionBatch {
  readonly records: DecisionRecord[] = [];

  add(record: DecisionRecord): void {
    this.records.push(record);
  }

  get size(): number {
    return this.records.length;
  }
}

/** A batch another store made: a bug in the caller, never a client's mistake. */
export function foreignBatch(): Error {
  return new Error("appendDecisionBatch takes the batches this store's newDecisionBatch makes");
}

export interface DecisionRetention {
  before: Date;
  keepNewest: number;
  batchSize: number;
}

/** Rows per INSERT: 14 columns each stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

export function decisionRecords(ctx: RecordContext): DecisionLog {
  const { db } = ctx;
  const appendDecisions = async (batch: readonly DecisionRecord[]): Promise<void> => {
    if (batch.length === 0) return;
    await ctx.atomic(async ({ db: tx }) => {
      for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
        await tx.insertInto('decisions').values(batch.slice(i, i + ROWS_PER_INSERT).map(decisionRow)).execute();
      }
    });
  };
  return {
    async recordDecision(d) {
      await db.insertInto('decisions').values(decisionRow(d)).execute();
    },

    appendDecisions,

    newDecisionBatch: () => new DecisionRecords(),

    async appendDecisionBatch(batch) {
      if (!(batch instanceof DecisionRecords)) throw foreignBatch();
      await appendDecisions(batch.records);
    },

    async listDecisions(q) {
      let query = db.selectFrom('decisions').selectAll();
      if (q.accountId !== undefined) query = query.where('account_id', '=', q.accountId);
      if (q.deniedOnly) query = query.where('decision', '=', 'denied');
      if (q.roleArn !== undefined) query = query.where('role_arn', '=', q.roleArn);
      if (q.since !== undefined) query = query.where('time', '>=', iso(q.since));
      const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
      const rows = await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(fromRow);
    },

    async pruneDecisions({ before, keepNewest, batchSize }) {
      // Rows older than the keepNewest-th newest row are beyond the cap (rows sharing its time stay).
      const capEdge = await db
        .selectFrom('decisions')
        .select('time')
        .orderBy('time', 'desc')
        .limit(1)
        .offset(Math.max(0, keepNewest - 1))
        .executeTakeFirst();
      const ageEdge = iso(before);
      const cutoff = capEdge !== undefined && capEdge.time > ageEdge ? capEdge.time : ageEdge;
      const oldest = db.selectFrom('decisions').select('id').where('time', '<', cutoff).orderBy('time').limit(batchSize);
      const result = await db.deleteFrom('decisions').where('id', 'in', oldest).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async getDecision(id) {
      const row = await db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },
  };
}

/** The row a decision is stored as; the SQLite writer thread binds the same values. */
export function decisionRow(d: DecisionRecord): DecisionsTable {
  return {
    id: d.id,
    time: iso(d.time),
    account_id: d.accountId,
    action: d.action,
    role_arn: d.roleArn,
    provider_arn: d.providerArn,
    issuer: d.issuer,
    subject: d.subject,
    session_name: d.sessionName,
    decision: d.decision,
    error_code: d.errorCode,
    reason: d.reason,
    matched_statement: d.matchedStatement,
    details: decisionDetailsJson(d.details),
  };
}

function fromRow(row: DecisionsTable): DecisionRecord {
  return {
    id: row.id,
    time: new Date(row.time),
    accountId: row.account_id,
    action: row.action,
    roleArn: row.role_arn,
    providerArn: row.provider_arn,
    issuer: row.issuer,
    subject: row.subject,
    sessionName: row.session_name,
    decision: row.decision === 'allowed' ? 'allowed' : 'denied',
    errorCode: row.error_code,
    reason: row.reason,
    matchedStatement: row.matched_statement,
    details: JSON.parse(row.details) as unknown,
  };
}
