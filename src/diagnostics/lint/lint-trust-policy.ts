/**
 * lintTrustPolicy: the static half of diagnostics. It reads a role trust policy and flags the
 * statements that let more CI jobs in than their author meant, or none at all
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html; the reports in
 * aws-actions/configure-aws-credentials#1293 and Datadog Security Labs' "Exploring GitHub-to-AWS
 * keyless authentication flaws"):
 *
 *   - a web-identity Allow with no subject/project condition trusts the whole issuer;
 *   - a `*` under StringEquals is literal text, so the Allow is dead (or a Deny never fires);
 *   - StringLike patterns that also admit subgroups, look-alike projects, tags, or refs that
 *     merely share a prefix.
 *
 * It never throws and never changes a decision: CreateRole / UpdateAssumeRolePolicy may call it
 * to put a warning in the decision log and the CLI, while the wire answer stays AWS's.
 */
import { parseOperatorName } from '../../policy/condition/operator.js';
import { compileGlob } from '../../policy/glob.js';
import type { ParsedCondition, ParsedStatement } from '../../policy/model.js';
import { parsePolicy } from '../../policy/parse.js';
import { statementLabel, type TrustLintFinding } from './finding.js';
import { checkSubjectPart, checkSubjectPattern, isAllWildcards, type PatternFinding, type SubjectPart } from './subject-pattern.js';

const WEB_IDENTITY_ACTION = 'sts:assumerolewithwebidentity';

/**
 * Claims that tie a token to a project (or a group of projects). GitHub's are listed too: a
 * trust policy for GitHub's issuer deserves the same check.
 */
const SCOPING_CLAIMS = new Set([
  'sub', 'project_path', 'project_id', 'namespace_path', 'namespace_id',
  'repository', 'repository_id', 'repository_owner', 'job_workflow_ref',
]);

const SUBJECT_PARTS: ReadonlySet<string> = new Set<SubjectPart>(['project_path', 'ref_type', 'ref']);

/** Findings for a trust policy's text; [] for a document the policy parser refuses. */
export function lintTrustPolicy(document: string): TrustLintFinding[] {
  let statements: ParsedStatement[];
  try {
    statements = parsePolicy(document, 'trust').statements;
  } catch {
    // Invalid documents get AWS's MalformedPolicyDocument elsewhere; lint has nothing to add.
    return [];
  }
  return statements.flatMap(lintStatement);
}

function lintStatement(statement: ParsedStatement): TrustLintFinding[] {
  const label = statementLabel(statement);
  const findings: TrustLintFinding[] = statement.conditions.flatMap((c) => lintCondition(statement, c).map((f) => placed(f, label, c.key)));
  if (statement.effect !== 'Allow' || !coversWebIdentity(statement)) return findings;

  if (statement.principal?.wildcard === true) {
    findings.unshift({
      code: 'wildcard-principal',
      severity: 'error',
      statement: label,
      message: 'Principal "*" lets a token from any identity provider in, not only yours',
      fix: 'Name the provider: "Principal": {"Federated": "arn:aws:iam::ACCOUNT:oidc-provider/HOST"}.',
    });
  }
  if (!statement.conditions.some(isScopingCondition)) {
    findings.unshift({
      code: 'no-sub-condition',
      severity: 'error',
      statement: label,
      message: 'no condition on the subject or project: every token the issuer signs (any project, any branch) can assume this role',
      fix: `Add "StringEquals": {"${providerHost(statement)}:sub": "project_path:mygroup/myproject:ref_type:branch:ref:main"}.`,
    });
  }
  return findings;
}

/** The host part of the first OIDC provider the statement trusts, for a fix that can be pasted. */
function providerHost(statement: ParsedStatement): string {
  const principal = statement.principal;
  const arns = principal === undefined || principal.wildcard ? [] : principal.entries.flatMap((e) => (e.type === 'Federated' ? e.values : []));
  const provider = arns.map((arn) => /:oidc-provider\/(.+)$/.exec(arn)?.[1]).find((host) => host !== undefined);
  return provider ?? 'HOST';
}

/** A condition's finding with its place, fields in the documented order. */
function placed(f: PatternFinding & { value?: string }, statement: string, key: string): TrustLintFinding {
  return {
    code: f.code,
    severity: f.severity,
    statement,
    key,
    ...(f.value !== undefined ? { value: f.value } : {}),
    message: f.message,
    fix: f.fix,
  };
}

function coversWebIdentity(statement: ParsedStatement): boolean {
  if (statement.notAction) return !statement.notAction.some((a) => compileGlob(a, true)(WEB_IDENTITY_ACTION));
  return (statement.action ?? []).some((a) => compileGlob(a, true)(WEB_IDENTITY_ACTION));
}

/** `gitlab.example.com:sub` → `sub`; undefined for global keys (aws:…, sts:…). */
function claimOf(key: string): string | undefined {
  const colon = key.lastIndexOf(':');
  if (colon < 0) return undefined;
  const prefix = key.slice(0, colon).toLowerCase();
  if (prefix === 'aws' || prefix === 'sts') return undefined;
  return key.slice(colon + 1).toLowerCase();
}

function providerPrefix(key: string): string {
  return key.slice(0, key.lastIndexOf(':'));
}

function isScopingCondition(condition: ParsedCondition): boolean {
  const claim = claimOf(condition.key);
  const op = parseOperatorName(condition.operator);
  if (claim === undefined || op === null || !SCOPING_CLAIMS.has(claim)) return false;
  return /^(StringEquals|StringEqualsIgnoreCase|StringLike|NumericEquals)$/.test(op.base);
}

function lintCondition(statement: ParsedStatement, condition: ParsedCondition): Array<PatternFinding & { value?: string }> {
  const op = parseOperatorName(condition.operator);
  if (op === null) return [];
  if (/^String(Not)?Equals(IgnoreCase)?$/.test(op.base)) {
    return condition.values.filter((v) => /[*?]/.test(v)).map((v) => literalWildcard(statement.effect, op.base, v));
  }
  // Broad patterns only matter where they let someone in: a positive StringLike in an Allow.
  if (op.base !== 'StringLike' || statement.effect !== 'Allow') return [];
  const claim = claimOf(condition.key);
  if (claim === undefined) return [];
  const prefix = providerPrefix(condition.key);
  if (claim === 'sub') return condition.values.flatMap((v) => withValue(v, checkSubjectPattern(v, prefix)));
  if (SUBJECT_PARTS.has(claim)) return condition.values.flatMap((v) => withValue(v, checkSubjectPart(claim as SubjectPart, v, prefix)));
  if (SCOPING_CLAIMS.has(claim)) {
    return condition.values.filter(isAllWildcards).map((v) => ({
      code: 'wildcard-subject' as const,
      severity: 'error' as const,
      value: v,
      message: `${JSON.stringify(v)} matches every value of ${claim}: this condition scopes nothing`,
      fix: `Name the ${claim} you mean.`,
    }));
  }
  return [];
}

function withValue(value: string, findings: PatternFinding[]): Array<PatternFinding & { value: string }> {
  return findings.map((f) => ({ ...f, value }));
}

/**
 * StringEquals does not glob
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
function literalWildcard(effect: 'Allow' | 'Deny', base: string, value: string): PatternFinding & { value: string } {
  const negated = base.includes('Not');
  const like = negated ? 'StringNotLike' : 'StringLike';
  const consequence =
    effect === 'Allow'
      ? negated
        ? 'it excludes only that literal text, so the values it was meant to exclude get in'
        : 'the condition matches only that literal text, never a real token, so this Allow never applies'
      : negated
        ? 'every real token differs from that literal text, so this Deny always applies'
        : 'no real token equals that literal text, so this Deny never applies';
  return {
    code: 'wildcard-in-string-equals',
    severity: 'error',
    value,
    message: `${base} does not expand wildcards: ${JSON.stringify(value)} is compared literally; ${consequence}`,
    fix: `Use ${like} for ${JSON.stringify(value)} (and check how much the pattern admits), or remove the wildcard.`,
  };
}
