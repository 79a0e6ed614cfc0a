/**
 * Hints for the mistakes that make GitLab→AWS trust policies fail (or pass) unexpectedly
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html;
 * the troubleshooting of GitLab's "Configure OpenID Connect in AWS",
 * https://docs.gitlab.com/ci/cloud_services/aws/). Each hint has a stable code the CLI can key on
 * and a sentence for humans.
 */
import { parseOperatorName } from './condition/operator.js';
import type { PolicyTrace } from './explain.js';
import { compileGlob } from './glob.js';
import type { ParsedPolicy } from './model.js';
import type { CompiledPolicy, ConditionTrace } from './types.js';

export type HintCode =
  | 'wildcard-in-string-equals'
  | 'case-mismatch'
  | 'ref-type-mismatch'
  | 'subject-format-mismatch'
  | 'wildcard-suffix-mismatch'
  | 'missing-key'
  | 'unscoped-subject';

export interface Hint {
  code: HintCode;
  message: string;
  policyId: string;
  statementIndex: number;
  /** The condition key concerned, when there is one. */
  key?: string;
}

const EQUALITY_OPERATORS = new Set(['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase']);
const SUBJECT_KEY = /:(sub|project_path)$/i;
const GITLAB_SUBJECT = /^project_path:[^:]+:ref_type:(branch|tag):ref:/;

export function findHints(
  traces: readonly PolicyTrace[],
  policies: ReadonlyArray<{ policy: CompiledPolicy; parsed: ParsedPolicy }>,
): Hint[] {
  const hints: Hint[] = [];
  const add = (hint: Hint): void => {
    if (!hints.some((h) => h.code === hint.code && h.policyId === hint.policyId && h.statementIndex === hint.statementIndex && h.key === hint.key)) {
      hints.push(hint);
    }
  };
  for (const trace of traces) {
    for (const statement of trace.statements) {
      for (const condition of statement.conditions) {
        for (const hint of conditionHints(condition)) add({ ...hint, policyId: trace.policyId, statementIndex: statement.index, key: condition.key });
      }
    }
  }
  for (const { policy, parsed } of policies) {
    if (parsed.kind !== 'trust') continue;
    for (const statement of parsed.statements) {
      if (statement.effect !== 'Allow' || !statement.principal || statement.principal.wildcard) continue;
      if (!statement.principal.entries.some((e) => e.type === 'Federated')) continue;
      const webIdentity = (statement.action ?? []).some((a) => compileGlob(a, true)('sts:AssumeRoleWithWebIdentity'));
      if (!webIdentity) continue;
      const scoped = statement.conditions.some((c) => {
        const base = parseOperatorName(c.operator)?.base ?? '';
        return SUBJECT_KEY.test(c.key) && /^String(Equals|Like)/.test(base) && !c.values.includes('*');
      });
      if (!scoped) {
        add({
          code: 'unscoped-subject',
          message:
            'This statement has no condition on the token subject (sub or project_path): it trusts every project and ref on the issuer. Add StringEquals or StringLike on "<issuer>:sub".',
          policyId: policy.id,
          statementIndex: statement.index,
        });
      }
    }
  }
  return hints;
}

type ConditionHint = Omit<Hint, 'policyId' | 'statementIndex' | 'key'>;

function conditionHints(c: ConditionTrace): ConditionHint[] {
  const out: ConditionHint[] = [];
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
  if (SUBJECT_KEY.test(c.key)) out.push(...subjectHints(c.expected, actual));
  return out;
}

function subjectHints(expected: readonly string[], actual: readonly string[]): ConditionHint[] {
  const out: ConditionHint[] = [];
  const subject = actual[0] ?? '';
  const actualType = /:ref_type:(branch|tag):/.exec(subject)?.[1];
  const expectedTypes = new Set(expected.map((e) => /:ref_type:(branch|tag):/.exec(e)?.[1]).filter((t) => t !== undefined));
  if (actualType && expectedTypes.size > 0 && !expectedTypes.has(actualType)) {
    out.push({
      code: 'ref-type-mismatch',
      message: `The token is for a ${actualType} (ref_type:${actualType}) but the policy expects ref_type:${[...expectedTypes].join('/')}. Tags and branches with the same name are different subjects.`,
    });
  }
  if (GITLAB_SUBJECT.test(subject) && expected.some((e) => !e.startsWith('project_path:') && e !== '*')) {
    out.push({
      code: 'subject-format-mismatch',
      message: `GitLab subjects look like "project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME"; the expected value ${JSON.stringify(expected.find((e) => !e.startsWith('project_path:')))} has another format (e.g. GitHub's "repo:…:pull_request").`,
    });
  }
  for (const pattern of expected) {
    if (!pattern.endsWith(':*')) continue;
    const prefix = pattern.slice(0, -1);
    if (subject.startsWith(prefix)) continue;
    let common = 0;
    while (common < prefix.length && prefix[common] === subject[common]) common++;
    out.push({
      code: 'wildcard-suffix-mismatch',
      message: `The pattern ${JSON.stringify(pattern)} needs the subject to start with ${JSON.stringify(prefix)}; the token's subject ${JSON.stringify(subject)} differs from character ${common + 1} (${JSON.stringify(subject.slice(common, common + 20))}).`,
    });
  }
  return out;
}
