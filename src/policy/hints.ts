/**
 * Hints: the classic mistakes behind a policy that fails (or passes) unexpectedly, each with a
 * stable code the CLI can key on and a sentence for humans (condition operators:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * The engine knows the general ones (GENERAL_HINTS); knowledge of a particular issuer's subjects
 * lives with that issuer's tooling and is passed in as more HintRules
 * (src/diagnostics/explain/gitlab-hints.ts for GitLab).
 */
import { parseOperatorName } from './condition/operator.js';
import { compileGlob } from './glob.js';
import type { ParsedPolicy, ParsedStatement } from './model.js';
import type { Hint, HintCode, PolicyTrace } from './trace.js';
import type { ConditionTrace } from './types.js';

/** A hint before it is placed on a policy, statement and key. */
export interface HintText {
  code: string;
  message: string;
}

/** One source of hints. Rules are asked in order, so their hints come out in that order. */
export interface HintRule {
  /** Hints about one evaluated condition (operator, key, expected and actual values, result). */
  condition?(c: ConditionTrace): HintText[];
  /** Hints about one statement of a trust policy as written (e.g. what it leaves unconstrained). */
  trustStatement?(statement: ParsedStatement): HintText[];
}

const EQUALITY_OPERATORS = new Set(['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase']);

/** What holds for any policy and any issuer. */
export const GENERAL_HINTS: HintRule = {
  condition(c) {
    const out: Array<HintText & { code: HintCode }> = [];
    const name = parseOperatorName(c.operator);
    const base = name?.base ?? '';
    if (EQUALITY_OPERATORS.has(base)) {
      const wild = c.expected.find((v) => v.includes('*') || v.includes('?'));
      if (wild !== undefined) {
        out.push({
          code: 'wildcard-in-string-equals',
          message: `${c.operator} compares "${wild}" character for character: its "*"/"?" are not wildcards. Use StringLike to match a pattern.`,
        });
      }
    }
    if (c.actual === null) {
      if (!name?.ifExists && base !== 'Null') {
        out.push({
          code: 'missing-key',
          message: `The request has no value for ${c.key}. For web identity, AWS provides only the standard claims (aud, sub, amr, azp…) as "<provider>:<claim>" keys; custom claims are not available.`,
        });
      }
      return out;
    }
    if (c.result || !/^String/.test(base) || /Not/.test(base)) return out;
    const actual = c.actual;
    const like = base === 'StringLike';
    const folds = c.expected.some((e) => actual.some((a) => (like ? compileGlob(e, true)(a) : e.toLowerCase() === a.toLowerCase())));
    if (folds) {
      out.push({
        code: 'case-mismatch',
        message: `${c.key} matches only when case is ignored: ${c.operator} is case-sensitive (actual ${JSON.stringify(actual)}).`,
      });
    }
    return out;
  },
};

export function findHints(
  traces: readonly PolicyTrace[],
  /** The policies as written, for rules about statements (only trust policies are asked). */
  policies: ReadonlyArray<{ id: string; parsed: ParsedPolicy }>,
  rules: readonly HintRule[],
): Hint[] {
  const hints: Hint[] = [];
  const add = (hint: Hint): void => {
    if (!hints.some((h) => sameHint(h, hint))) hints.push(hint);
  };
  for (const trace of traces) {
    for (const statement of trace.statements) {
      for (const condition of statement.conditions) {
        for (const rule of rules) {
          for (const hint of rule.condition?.(condition) ?? []) add({ ...hint, policyId: trace.policyId, statementIndex: statement.index, key: condition.key });
        }
      }
    }
  }
  for (const { id, parsed } of policies) {
    if (parsed.kind !== 'trust') continue;
    for (const statement of parsed.statements) {
      for (const rule of rules) {
        for (const hint of rule.trustStatement?.(statement) ?? []) add({ ...hint, policyId: id, statementIndex: statement.index });
      }
    }
  }
  return hints;
}

/** Two hints say the same thing about the same place. */
export function sameHint(a: Hint, b: Hint): boolean {
  return a.code === b.code && a.policyId === b.policyId && a.statementIndex === b.statementIndex && a.key === b.key;
}
