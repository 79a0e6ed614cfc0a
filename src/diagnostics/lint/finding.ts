/**
 * What `lint-trust` reports: one finding per risky value or statement, with a stable code so
 * tests, the decision log and CI gates can key on it.
 */

/**
 * - error: the statement cannot work as written (a dead Allow) or trusts far more than a project;
 * - warning: the statement admits refs, tags or projects its author very likely did not mean;
 * - info: worth knowing, often intended.
 */
export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'wildcard-principal'
  | 'no-sub-condition'
  | 'wildcard-in-string-equals'
  | 'wildcard-subject'
  | 'project-glob-admits-subgroups'
  | 'project-prefix-glob'
  | 'ref-type-wildcard'
  | 'ref-prefix-glob'
  | 'any-ref'
  | 'unexpected-sub-format';

export interface TrustLintFinding {
  code: FindingCode;
  severity: Severity;
  /** The statement's Sid, or `#<index>` (0-based) when it has none, as the decision log names it. */
  statement: string;
  /** The condition key, when the finding is about one condition. */
  key?: string;
  /** The offending condition value, when there is one. */
  value?: string;
  message: string;
  fix: string;
}

export function statementLabel(statement: { sid?: string; index: number }): string {
  return statement.sid ?? `#${statement.index}`;
}
