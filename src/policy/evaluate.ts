/**
 * The decision (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 *
 *   explicitDeny  if any applicable Deny matches, in any policy given;
 *   allowed       if every gate that is present allows:
 *                   - the trust policy, when given (it must name the principal explicitly);
 *                   - the identity policies, or a same-account resource policy naming the
 *                     principal (skipped only for a trust-policy-only evaluation, e.g.
 *                     AssumeRoleWithWebIdentity, whose caller has no identity policies);
 *                   - the session policies, when any are given (identity ∩ session);
 *                   - the permissions boundaries, when any are given;
 *   implicitDeny  otherwise.
 */
import type {
  CompiledPolicy,
  CompiledStatement,
  ContextValue,
  EvalState,
  EvaluationInput,
  EvaluationOptions,
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  PolicySource,
  RequestContext,
} from './types.js';

/** Why a statement did or did not apply; reported to explain(). */
export interface StatementVisit {
  policy: CompiledPolicy;
  source: PolicySource;
  statement: CompiledStatement;
  principalMatched: boolean | null;
  actionMatched: boolean;
  resourceMatched: boolean | null;
  /** Null when conditions were not evaluated (an earlier element did not match). */
  conditionsMatched: boolean | null;
}

export type Visitor = (visit: StatementVisit, state: EvalState) => void;

export function createState(context: RequestContext, options: EvaluationOptions | undefined, tracing: boolean): EvalState {
  const map = new Map<string, ContextValue>();
  for (const key in context) map.set(key.toLowerCase(), context[key] as ContextValue);
  return {
    context: map,
    multivaluedPlain: options?.multivaluedPlainOperator ?? 'false',
    trace: tracing ? [] : undefined,
  };
}

/** Evaluates a request against compiled policies. Never parses; never throws for compiled input. */
export function evaluate(input: EvaluationInput): EvaluationResult {
  return evaluateWith(input, createState(input.request.context, input.options, false), undefined);
}

interface Tally {
  denies: MatchedStatement[];
  allows: MatchedStatement[];
  missing: string[];
}

export function evaluateWith(input: EvaluationInput, state: EvalState, visit: Visitor | undefined): EvaluationResult {
  const tally: Tally = { denies: [], allows: [], missing: [] };
  const { request } = input;
  const trust = input.trustPolicy;
  const sessions = input.sessionPolicies ?? [];
  const boundaries = input.permissionsBoundaries ?? [];

  const trustAllows = trust ? scan([trust], 'trust', request, state, tally, visit) : true;
  const identityGate = !trust || input.identityPolicies.length > 0;
  const resourceAllows = input.resourcePolicy ? scan([input.resourcePolicy], 'resource', request, state, tally, visit) : false;
  const identityAllows = scan(input.identityPolicies, 'identity', request, state, tally, visit) || resourceAllows || !identityGate;
  const sessionAllows = scan(sessions, 'session', request, state, tally, visit) || sessions.length === 0;
  const boundaryAllows = scan(boundaries, 'boundary', request, state, tally, visit) || boundaries.length === 0;

  if (tally.denies.length > 0) {
    return { decision: 'explicitDeny', matchedStatements: tally.denies, missingContextValues: tally.missing };
  }
  if (trustAllows && identityAllows && sessionAllows && boundaryAllows) {
    return { decision: 'allowed', matchedStatements: tally.allows, missingContextValues: tally.missing };
  }
  return { decision: 'implicitDeny', matchedStatements: [], missingContextValues: tally.missing };
}

/** Scans one group of policies; true when some Allow in it matched. */
function scan(
  policies: readonly CompiledPolicy[],
  source: PolicySource,
  request: EvaluationRequest,
  state: EvalState,
  tally: Tally,
  visit: Visitor | undefined,
): boolean {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of policy.statements) {
      const principalMatched = statement.matchPrincipal ? statement.matchPrincipal(request.principal) : null;
      const actionMatched = principalMatched !== false && statement.matchAction(request.action);
      // Keys count as needed once the action matches: a resource variable may be what is missing.
      if (actionMatched) noteMissing(statement, state, tally);
      const resourceMatched =
        actionMatched && statement.matchResource ? statement.matchResource(request.resource, state) : actionMatched ? null : false;
      const reachesConditions = actionMatched && resourceMatched !== false;
      let conditionsMatched: boolean | null = null;
      if (reachesConditions) conditionsMatched = statement.matchConditions(state);
      if (visit) visit({ policy, source, statement, principalMatched, actionMatched, resourceMatched, conditionsMatched }, state);
      if (conditionsMatched !== true) continue;
      const matched = matchedStatement(policy, source, statement);
      if (statement.info.effect === 'Deny') tally.denies.push(matched);
      else {
        tally.allows.push(matched);
        allowed = true;
      }
    }
  }
  return allowed;
}

function noteMissing(statement: CompiledStatement, state: EvalState, tally: Tally): void {
  const lower = statement.conditionKeysLower;
  for (let i = 0; i < lower.length; i++) {
    const key = lower[i] as string;
    if (state.context.has(key)) continue;
    // Missing keys are few; a linear scan beats allocating a set on every evaluation.
    if (tally.missing.some((m) => m.toLowerCase() === key)) continue;
    tally.missing.push(statement.conditionKeys[i] as string);
  }
}

function matchedStatement(policy: CompiledPolicy, source: PolicySource, statement: CompiledStatement): MatchedStatement {
  const { info } = statement;
  const out: MatchedStatement = {
    policyId: policy.id,
    policyKind: policy.kind,
    source,
    statementIndex: info.index,
    effect: info.effect,
    start: info.start,
    end: info.end,
  };
  if (info.sid !== undefined) out.sid = info.sid;
  return out;
}
