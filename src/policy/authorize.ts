/**
 * Authorisation of SigV4-signed calls: the caller's role policies ∩ its session policies decide,
 * and a refusal carries AWS's AccessDenied text. The wording is AWS's, as seen in the wild:
 *   "User: ARN is not authorized to perform: ACTION on resource: RES because no identity-based
 *    policy allows the ACTION action" (aws/aws-pdk#104, aws-amplify/amplify-backend#2258),
 *   "… because no session policy allows the ACTION action" (aws/aws-sdk-js#4303),
 *   "… with an explicit deny in a service control policy" (landing-zone-accelerator#330), whose
 *   identity-based and session forms read "in an identity-based policy" / "in a session policy".
 */
import { AwsError } from '../aws/error.js';
import type { Caller } from '../aws/service.js';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import type { CompiledPolicy, EvaluationResult, RequestContext } from './types.js';

export interface AuthorizeCallInput {
  caller: Caller;
  /** service:Action, e.g. iam:CreateRole. */
  action: string;
  /** The resource ARN the action is on (`*` for actions without one). */
  resource: string;
  /** The role's identity policies (inline and attached), compiled. */
  identityPolicies: readonly CompiledPolicy[];
  /**
   * The role's permissions boundary: it caps what identity policies grant, never grants itself
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
   */
  permissionsBoundary?: CompiledPolicy;
  /** Session policies; defaults to the caller's own (compiled from Caller.sessionPolicies). */
  sessionPolicies?: readonly CompiledPolicy[];
  /** Extra request context (aws:SourceIp, aws:CurrentTime… are filled in when absent). */
  context?: RequestContext;
  now?: Date;
  sourceIp?: string;
}

/**
 * Returns when the caller may perform the action; throws AwsError('AccessDenied', …, 403)
 * otherwise. Admin keys are the account root and are always allowed; anonymous callers never are.
 */
export function authorizeCall(input: AuthorizeCallInput): EvaluationResult | undefined {
  const { caller, action, resource } = input;
  if (caller.kind === 'admin') return undefined;
  if (caller.kind === 'anonymous') throw accessDenied('anonymous', action, resource, 'because no identity-based policy allows the');
  const sessionPolicies =
    input.sessionPolicies ?? caller.sessionPolicies.map((doc, i) => compilePolicy(doc, 'session', `session-policy-${i + 1}`));
  const now = input.now ?? new Date();
  const context: RequestContext = {
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': Math.floor(now.getTime() / 1000),
    'aws:PrincipalArn': caller.roleArn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': caller.userId,
    'aws:SecureTransport': false,
    ...(input.sourceIp !== undefined ? { 'aws:SourceIp': input.sourceIp } : {}),
    ...input.context,
  };
  const identity = evaluate({ request: { action, resource, context }, identityPolicies: input.identityPolicies });
  const session = sessionPolicies.length > 0 ? evaluate({ request: { action, resource, context }, identityPolicies: sessionPolicies }) : undefined;
  const boundary = input.permissionsBoundary && evaluate({ request: { action, resource, context }, identityPolicies: [input.permissionsBoundary] });
  // Which text AWS gives depends on which policy type refused: a deny anywhere wins first, in
  // the evaluation logic's order (identity, permissions boundary, session).
  if (identity.decision === 'explicitDeny') throw accessDenied(caller.arn, action, resource, 'with an explicit deny in an identity-based policy');
  if (boundary?.decision === 'explicitDeny') throw accessDenied(caller.arn, action, resource, 'with an explicit deny in a permissions boundary');
  if (session?.decision === 'explicitDeny') throw accessDenied(caller.arn, action, resource, 'with an explicit deny in a session policy');
  if (identity.decision !== 'allowed') throw accessDenied(caller.arn, action, resource, 'because no identity-based policy allows the');
  if (boundary && boundary.decision !== 'allowed') throw accessDenied(caller.arn, action, resource, 'because no permissions boundary allows the');
  if (session && session.decision !== 'allowed') throw accessDenied(caller.arn, action, resource, 'because no session policy allows the');
  return identity;
}

function accessDenied(arn: string, action: string, resource: string, reason: string): AwsError {
  const tail = reason.endsWith(' the') ? `${reason} ${action} action` : reason;
  return new AwsError('AccessDenied', `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} ${tail}`, 403);
}
