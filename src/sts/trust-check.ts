/**
 * Asks the policy engine whether a role's trust policy lets a principal (the OIDC provider for
 * a web-identity call) perform one action, and turns its answer into what the pipeline and the
 * decision log need: allowed or not, the matching statement, and — when denied, or whenever a
 * trace is asked for (`trustbridge explain`) — the engine's statement-by-statement trace.
 */
import { compilePolicy, evaluate, explain } from '../policy/index.js';
import type { CompiledPolicy, ExplainTrace, PrincipalType, RequestContext } from '../policy/index.js';
import type { RoleRecord } from '../store/records.js';

export interface TrustPrincipal {
  type: PrincipalType;
  id: string;
  /** For an assumed-role session: its role's ARN, which a trust policy may name instead. */
  alsoKnownAs?: readonly string[];
}

export interface TrustQuestion {
  role: Pick<RoleRecord, 'arn' | 'assumeRolePolicyDocument'>;
  principal: TrustPrincipal;
  action: string;
  context: RequestContext;
  /** Trace allowed answers too (the hot path traces only denials). */
  trace?: boolean;
}

export interface TrustAnswer {
  allowed: boolean;
  /** Sid, or `#<index>` when the statement has none. */
  matchedStatement: string | null;
  /** A sentence for the decision log (never the wire). */
  reason: string;
  /** The engine's trace: on a denial (kept in the decision record), or when asked for. */
  explanation: ExplainTrace | undefined;
}

export function checkTrust(q: TrustQuestion): TrustAnswer {
  let trustPolicy: CompiledPolicy;
  try {
    trustPolicy = compilePolicy(q.role.assumeRolePolicyDocument, 'trust', `${q.role.arn} trust policy`);
  } catch (err) {
    // IAM validates trust policies when they are saved, so this is a damaged record; the client
    // still gets AWS's AccessDenied, never the policy error meant for the role's author.
    const reason = `the role's stored trust policy does not compile: ${err instanceof Error ? err.message : String(err)}`;
    return { allowed: false, matchedStatement: null, reason, explanation: undefined };
  }
  const input = {
    request: { action: q.action, resource: q.role.arn, principal: q.principal, context: q.context },
    identityPolicies: [],
    trustPolicy,
  };
  const result = evaluate(input);
  const first = result.matchedStatements[0];
  const matchedStatement = first === undefined ? null : (first.sid ?? `#${first.statementIndex}`);
  if (result.decision === 'allowed') {
    const explanation = q.trace === true ? explain(input) : undefined;
    return { allowed: true, matchedStatement, reason: `${q.action} allowed by statement ${matchedStatement}`, explanation };
  }
  const explanation = explain(input);
  return { allowed: false, matchedStatement, reason: `${q.action}: ${explanation.summary}`, explanation };
}
