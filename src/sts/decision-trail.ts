/**
 * What the pipeline learnt while deciding one AssumeRoleWithWebIdentity call, turned into the
 * DecisionRecord the log keeps. It only ever holds what is safe to keep: claims (the payload,
 * never the compact token or its signature), names, and our explanations — no credentials.
 */
import type { AwsError } from '../aws/error.js';
import { newDecisionId } from '../store/decision-id.js';
import type { DecisionRecord } from '../store/records.js';
import { boundDecisionRecord } from './decision-bounds.js';

export interface TrailStep {
  step: string;
  outcome: 'passed' | 'failed';
  detail?: string;
}

export class DecisionTrail {
  readonly steps: TrailStep[] = [];
  providerArn: string | null = null;
  issuer: string | null = null;
  subject: string | null = null;
  sessionName: string | null = null;
  matchedStatement: string | null = null;
  /** Why it was denied, in our words; set by whichever step failed. */
  reason: string | null = null;
  /**
   * The record's details: the steps, then whatever structured detail the pipeline adds (claims,
   * trust trace, tags). The record takes this object as it is, uncopied: it is built once per
   * call, and copying it showed in the profile.
   */
  readonly details: Record<string, unknown> = { steps: this.steps };

  pass(step: string, detail?: string): void {
    this.steps.push(detail === undefined ? { step, outcome: 'passed' } : { step, outcome: 'passed', detail });
  }

  fail(step: string, reason: string): void {
    this.steps.push({ step, outcome: 'failed', detail: reason });
    this.reason ??= reason;
  }

  toRecord(id: string, time: Date, entry: Pick<DecisionRecord, 'accountId' | 'action' | 'roleArn'>, error: AwsError | undefined): DecisionRecord {
    // Fields named one by one, not spread: a record is built on every call, and spreads showed in the profile.
    return {
      id,
      time,
      accountId: entry.accountId,
      action: entry.action,
      roleArn: entry.roleArn,
      providerArn: this.providerArn,
      issuer: this.issuer,
      subject: this.subject,
      sessionName: this.sessionName,
      decision: error === undefined ? 'allowed' : 'denied',
      errorCode: error?.code ?? null,
      reason: error === undefined ? this.allowedReason() : (this.reason ?? error.message),
      matchedStatement: error === undefined ? this.matchedStatement : null,
      details: this.details,
    };
  }

  private allowedReason(): string {
    return this.matchedStatement === null ? 'allowed' : `allowed by trust-policy statement ${this.matchedStatement}`;
  }
}

/** Names, on the wire, the decision-log entry of the call that answered. */
export const DECISION_ID_HEADER = 'x-trustbridge-decision-id';

/**
 * Bounds the trail's record (decision-bounds.ts), hands it to the log, and names it in the
 * response header. In a running stack the hand-off only queues it for the group-commit writer
 * (src/stack/decision-writer.ts): STS never waits for a disk write, and a full queue drops and
 * counts the record rather than stall every CI job behind the log.
 */
export async function recordTrail(
  log: { recordDecision(record: DecisionRecord): Promise<void> },
  ctx: { now: Date; responseHeaders: Record<string, string> },
  trail: DecisionTrail,
  entry: Pick<DecisionRecord, 'accountId' | 'action' | 'roleArn'>,
  error: AwsError | undefined,
): Promise<void> {
  const id = newDecisionId(ctx.now);
  await log.recordDecision(boundDecisionRecord(trail.toRecord(id, ctx.now, entry, error)));
  ctx.responseHeaders[DECISION_ID_HEADER] = id;
}
