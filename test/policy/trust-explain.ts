/**
 * explain() on a one-statement GitLab trust policy, for the tests of the engine's hints
 * (test/policy/explain.test.ts) and of GitLab's (test/diagnostics/gitlab-hints.test.ts).
 */
import { compilePolicy, explain, type ContextValue, type ExplainTrace, type HintRule } from '../../src/policy/index.js';

export const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/gitlab.example.com';
export const SUB = 'gitlab.example.com:sub';
export const MAIN = 'project_path:mygroup/myproject:ref_type:branch:ref:main';

type Condition = Record<string, Record<string, unknown>>;

export function trustWith(condition: Condition | undefined, action = 'sts:AssumeRoleWithWebIdentity') {
  return compilePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'GitLab', Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: action, ...(condition ? { Condition: condition } : {}) }],
    }),
    'trust',
    'trust-policy',
  );
}

/** explain() of sts:AssumeRoleWithWebIdentity against trustWith(condition). */
export function explainTrust(
  condition: Condition | undefined,
  context: Record<string, ContextValue>,
  principal = PROVIDER,
  hintRules: readonly HintRule[] = [],
): ExplainTrace {
  return explain(
    {
      request: { action: 'sts:AssumeRoleWithWebIdentity', resource: 'arn:aws:iam::123456789012:role/r', principal: { type: 'Federated', id: principal }, context },
      identityPolicies: [],
      trustPolicy: trustWith(condition),
    },
    hintRules,
  );
}

export const hintCodes = (trace: ExplainTrace): string[] => trace.hints.map((h) => h.code);
