/**
 * Hints that need to know what GitLab's ID-token subjects look like
 * (`project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME`, GitLab's "Configure OpenID
 * Connect in AWS" troubleshooting), kept here rather than in the general policy engine.
 * `explain` adds them to STS's trace; a logged decision gets them when it is viewed.
 */
import { findHints, GENERAL_HINTS, sameHint, type ExplainTrace, type HintRule, type HintText } from '../../policy/index.js';
import { parseOperatorName } from '../../policy/condition/operator.js';
import { compileGlob } from '../../policy/glob.js';
import { parsePolicy } from '../../policy/parse.js';

export type GitlabHintCode = 'ref-type-mismatch' | 'subject-format-mismatch' | 'wildcard-suffix-mismatch' | 'unscoped-subject';

type GitlabHint = HintText & { code: GitlabHintCode };

const SUBJECT_KEY = /:(sub|project_path)$/i;
const GITLAB_SUBJECT = /^project_path:[^:]+:ref_type:(branch|tag):ref:/;

export const GITLAB_HINTS: HintRule = {
  condition(c) {
    if (c.actual === null || c.result || !SUBJECT_KEY.test(c.key)) return [];
    const base = parseOperatorName(c.operator)?.base ?? '';
    if (!/^String/.test(base) || /Not/.test(base)) return [];
    return subjectHints(c.expected, c.actual);
  },

  trustStatement(statement) {
    if (statement.effect !== 'Allow' || !statement.principal || statement.principal.wildcard) return [];
    if (!statement.principal.entries.some((e) => e.type === 'Federated')) return [];
    const webIdentity = (statement.action ?? []).some((a) => compileGlob(a, true)('sts:AssumeRoleWithWebIdentity'));
    if (!webIdentity) return [];
    const scoped = statement.conditions.some((c) => {
      const base = parseOperatorName(c.operator)?.base ?? '';
      return SUBJECT_KEY.test(c.key) && /^String(Equals|Like)/.test(base) && !c.values.includes('*');
    });
    if (scoped) return [];
    const hint: GitlabHint = {
      code: 'unscoped-subject',
      message:
        'This statement has no condition on the token subject (sub or project_path): it trusts every project and ref on the issuer. Add StringEquals or StringLike on "<issuer>:sub".',
    };
    return [hint];
  },
};

/**
 * A trust-policy trace with GitLab's hints added, in the order the rules give them. STS's trace
 * (live, or kept in the decision log) holds only the engine's general hints. Statement rules
 * (unscoped-subject) need the trust policy as written, so they run only when it is given; hints
 * already in the trace are kept.
 */
export function withGitlabHints(trace: ExplainTrace, trustPolicyDocument?: string): ExplainTrace {
  const trustId = trace.policies.find((p) => p.source === 'trust')?.policyId;
  const written = trustPolicyDocument === undefined || trustId === undefined ? [] : [{ id: trustId, parsed: parsePolicy(trustPolicyDocument, 'trust') }];
  const hints = findHints(trace.policies, written, [GENERAL_HINTS, GITLAB_HINTS]);
  for (const recorded of trace.hints) if (!hints.some((h) => sameHint(h, recorded))) hints.push(recorded);
  return { ...trace, hints };
}

function subjectHints(expected: readonly string[], actual: readonly string[]): GitlabHint[] {
  const out: GitlabHint[] = [];
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
