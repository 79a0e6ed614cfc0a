/**
 * The shape `trustbridge explain` produces (and prints with --json): plain JSON, stable field
 * names. It is a side channel: the awsError field says what the wire answers, everything else
 * is what AWS never tells.
 */
import type { ExplainTrace, RequestContext } from '../../policy/index.js';
import type { TrustLintFinding } from '../lint/finding.js';

export interface ExplainStep {
  /** parse, header, claims, issuer, audience, key, signature, times, role, trust policy (…) */
  name: string;
  ok: boolean;
  /** True when the step could not run (an earlier step it depends on failed, or it was skipped on request). */
  skipped?: boolean;
  detail: string;
}

export interface WireError {
  code: string;
  message: string;
}

export interface ExplainReport {
  decision: 'allowed' | 'denied';
  /** One human sentence. */
  summary: string;
  roleArn: string;
  /** From the token's payload (verified or not: see steps). */
  issuer?: string;
  subject?: string;
  /** Every step in AWS's order. AWS stops at the first failure; later steps are shown for information. */
  steps: ExplainStep[];
  /** The condition keys and values the trust policy was evaluated against. */
  context?: RequestContext;
  /** The policy engine's trace (statements, conditions with expected/actual values, hints). */
  trust?: ExplainTrace;
  /** What AWS (and Trustbridge's wire) answers, when denied. */
  awsError?: WireError;
  /** lint-trust findings for the role's trust policy (they never change the decision). */
  findings: TrustLintFinding[];
  /** Things the reader must know about how this explanation was produced (e.g. signature not checked). */
  warnings: string[];
}
