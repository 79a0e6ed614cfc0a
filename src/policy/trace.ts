/**
 * The shapes explain() returns (plain JSON, for the CLI, the decision log and the admin API):
 * one trace per policy, one per statement, and the hints about them. Kept apart from explain.ts
 * and hints.ts so that each of those depends on these shapes, not on the other.
 */
import type { ConditionTrace, Decision, MatchedStatement, PolicyKind, PolicySource, Position } from './types.js';

/** The codes of the engine's own hints (GENERAL_HINTS); issuer-specific rules add their own. */
export type HintCode = 'wildcard-in-string-equals' | 'case-mismatch' | 'missing-key';

export interface Hint {
  /** Stable: a HintCode, or the code of an issuer-specific rule (e.g. 'ref-type-mismatch'). */
  code: string;
  message: string;
  policyId: string;
  statementIndex: number;
  /** The condition key concerned, when there is one. */
  key?: string;
}

export interface StatementTrace {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
  /** null: the statement has no Principal/NotPrincipal (identity policies). */
  principalMatched: boolean | null;
  actionMatched: boolean;
  /** null: the statement has no Resource/NotResource (trust policies), or was not reached. */
  resourceMatched: boolean | null;
  /** Each condition, in document order; empty when an earlier element did not match. */
  conditions: ConditionTrace[];
  /** True when this statement applies to the request (its Effect takes part in the decision). */
  applies: boolean;
  /** One sentence: why it applies or not. */
  reason: string;
}

export interface PolicyTrace {
  policyId: string;
  kind: PolicyKind;
  source: PolicySource;
  statements: StatementTrace[];
}

export interface ExplainTrace {
  decision: Decision;
  /** One human sentence. */
  summary: string;
  request: { action: string; resource: string; principal?: { type: string; id: string } };
  policies: PolicyTrace[];
  matchedStatements: MatchedStatement[];
  missingContextValues: string[];
  hints: Hint[];
}
