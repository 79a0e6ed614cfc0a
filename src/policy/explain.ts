/**
 * Why a request was allowed or denied, as plain JSON for the CLI, the decision log and the admin
 * API (never for the wire: AWS's errors stay opaque). The trace lists every statement of every
 * policy with what matched and every condition with expected and actual values; hints (hints.ts)
 * point at the classic mistakes.
 */
import { parsedOf } from './compile.js';
import { createState, evaluateWith, type StatementVisit } from './evaluate.js';
import { findHints, GENERAL_HINTS, type HintRule } from './hints.js';
import type { ExplainTrace, PolicyTrace, StatementTrace } from './trace.js';
import type { ConditionTrace, Decision, EvaluationInput, MatchedStatement } from './types.js';

/**
 * Evaluates like evaluate(), recording a full trace. Never throws for compiled input. The
 * general hints are always looked for; `hintRules` adds issuer-specific ones after them.
 */
export function explain(input: EvaluationInput, hintRules: readonly HintRule[] = []): ExplainTrace {
  const state = createState(input.request.context, input.options, true);
  const policies: PolicyTrace[] = [];
  const visit = (v: StatementVisit): void => {
    let policy = policies.find((p) => p.policyId === v.policy.id && p.source === v.source);
    if (!policy) {
      policy = { policyId: v.policy.id, kind: v.policy.kind, source: v.source, statements: [] };
      policies.push(policy);
    }
    const conditions = state.trace ? state.trace.splice(0) : [];
    policy.statements.push(statementTrace(v, conditions));
  };
  const result = evaluateWith(input, state, visit);
  const parsed = [input.trustPolicy, input.resourcePolicy, ...input.identityPolicies, ...(input.sessionPolicies ?? []), ...(input.permissionsBoundaries ?? [])]
    .filter((p) => p !== undefined)
    .map((p) => ({ id: p.id, parsed: parsedOf(p) }));
  const hints = findHints(policies, parsed, [GENERAL_HINTS, ...hintRules]);
  const request: ExplainTrace['request'] = { action: input.request.action, resource: input.request.resource };
  if (input.request.principal) request.principal = { ...input.request.principal };
  return {
    decision: result.decision,
    summary: summarize(result.decision, result.matchedStatements, policies, input.request.action),
    request,
    policies,
    matchedStatements: result.matchedStatements,
    missingContextValues: result.missingContextValues,
    hints,
  };
}

function statementTrace(v: StatementVisit, conditions: ConditionTrace[]): StatementTrace {
  const { info } = v.statement;
  const applies = v.conditionsMatched === true;
  const out: StatementTrace = {
    index: info.index,
    effect: info.effect,
    start: info.start,
    end: info.end,
    principalMatched: v.principalMatched,
    actionMatched: v.actionMatched,
    resourceMatched: v.resourceMatched,
    conditions,
    applies,
    reason: reasonFor(v, conditions),
  };
  if (info.sid !== undefined) out.sid = info.sid;
  return out;
}

function reasonFor(v: StatementVisit, conditions: ConditionTrace[]): string {
  if (v.principalMatched === false) return 'the principal is not the one this statement names';
  if (!v.actionMatched) return 'the action is not covered by this statement';
  if (v.resourceMatched === false) return 'the resource is not covered by this statement';
  const failed = conditions.filter((c) => !c.result);
  if (failed.length === 0) return `applies: ${v.statement.info.effect === 'Allow' ? 'allows' : 'denies'} the request`;
  return `condition failed: ${failed.map((c) => `${c.operator} ${c.key}`).join('; ')}`;
}

function label(policyId: string, index: number, sid: string | undefined): string {
  return `statement ${index}${sid ? ` (Sid ${sid})` : ''} of ${policyId}`;
}

function summarize(decision: Decision, matched: MatchedStatement[], policies: PolicyTrace[], action: string): string {
  const first = matched[0];
  if (decision === 'allowed' && first) return `Allowed by ${label(first.policyId, first.statementIndex, first.sid)}.`;
  if (decision === 'explicitDeny' && first) return `Explicitly denied by ${label(first.policyId, first.statementIndex, first.sid)}.`;
  // Implicit deny: name the closest miss, an Allow that reached its conditions.
  for (const policy of policies) {
    for (const s of policy.statements) {
      if (s.effect !== 'Allow' || s.conditions.length === 0 || s.applies) continue;
      return `Denied: no statement allows ${action}; ${label(policy.policyId, s.index, s.sid)} failed on ${s.reason.replace('condition failed: ', '')}.`;
    }
  }
  const gate = policies.find((p) => p.source !== 'identity' && p.source !== 'resource' && !p.statements.some((s) => s.applies && s.effect === 'Allow'));
  if (gate) return `Denied: the ${gate.source} policy ${gate.policyId} does not allow ${action}.`;
  return `Denied: no statement allows ${action}.`;
}
