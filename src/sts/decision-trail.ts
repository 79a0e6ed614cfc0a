/**
 * What the pipeline learnt while deciding one AssumeRoleWithWebIdentity call, turned into the
 * DecisionRecord the log keeps. It only ever holds what is safe to keep: claims (the payload,
 * never the compact token or its signature), names, and our explanations — no credentials.
 */
import type { AwsError } from '../aws/error.js';
import type { DecisionRecord } from '../store/records.js';

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
  /** Extra structured detail (claims, trust trace, tags), merged into the record's details. */
  readonly details: Record<string, unknown> = {};

  pass(step: string, detail?: string): void {
    this.steps.push(detail === undefined ? { step, outcome: 'passed' } : { step, outcome: 'passed', detail });
  }

  fail(step: string, reason: string): void {
    this.steps.push({ step, outcome: 'failed', detail: reason });
    this.reason ??= reason;
  }

  toRecord(base: Pick<DecisionRecord, 'id' | 'time' | 'accountId' | 'action' | 'roleArn'>, error: AwsError | undefined): DecisionRecord {
    return {
      ...base,
      providerArn: this.providerArn,
      issuer: this.issuer,
      subject: this.subject,
      sessionName: this.sessionName,
      decision: error === undefined ? 'allowed' : 'denied',
      errorCode: error?.code ?? null,
      reason: error === undefined ? this.allowedReason() : (this.reason ?? error.message),
      matchedStatement: error === undefined ? this.matchedStatement : null,
      details: { steps: this.steps, ...this.details },
    };
  }

  private allowedReason(): string {
    return this.matchedStatement === null ? 'allowed' : `allowed by trust-policy statement ${this.matchedStatement}`;
  }
}
