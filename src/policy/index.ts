/**
 * The IAM policy language engine: validate, compile, evaluate, explain, authorise.
 *
 * Typical use:
 * ```ts
 * const trust = compilePolicy(role.assumeRolePolicyDocument, 'trust', 'trust-policy');
 * const result = evaluate({
 *   request: {
 *     action: 'sts:AssumeRoleWithWebIdentity',
 *     resource: role.arn,
 *     principal: { type: 'Federated', id: provider.arn },
 *     context: { 'gitlab.example.com:sub': claims.sub, 'gitlab.example.com:aud': claims.aud },
 *   },
 *   identityPolicies: [],
 *   trustPolicy: trust,
 * });
 * if (result.decision !== 'allowed') throw notAuthorized();
 * ```
 *
 * Documents are compiled once and cached by sha256(kind + text); evaluate() never parses.
 * @packageDocumentation
 */

export type {
  CompiledPolicy,
  ConditionTrace,
  ContextScalar,
  ContextValue,
  Decision,
  EvaluationInput,
  EvaluationOptions,
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  PolicyKind,
  PolicySource,
  Position,
  PrincipalType,
  RequestContext,
} from './types.js';
export type { ExplainTrace, Hint, HintCode, PolicyTrace, StatementTrace } from './trace.js';
export { findHints, GENERAL_HINTS, sameHint, type HintRule, type HintText } from './hints.js';
export type { AuthorizeCallInput } from './authorize.js';

import { compilePolicy as compile, policyHash } from './compile.js';
import { parsePolicy } from './parse.js';
import { serializePolicy } from './model.js';
import type { CompiledPolicy, PolicyKind } from './types.js';

/**
 * Validates a policy document for its kind, throwing
 * `AwsError('MalformedPolicyDocument', <AWS's exact message>, 400)` when IAM would refuse it:
 * - `identity` (inline role/user policies), `session` (AssumeRole* `Policy`), `managed`
 *   (CreatePolicy: also requires Version 2012-10-17) must not name a Principal;
 * - `trust` must name one, must not have Resource, and may only use STS assume-role actions;
 * - `resource` (the simulator's ResourcePolicy) must name a principal and may have Resource.
 * Duplicate JSON keys are refused (JSON.parse would silently keep the last one).
 */
export function validatePolicyDocument(document: string, kind: PolicyKind): void {
  parsePolicy(document, kind);
}

/**
 * Validates (as validatePolicyDocument) and compiles a document into matchers, or returns the
 * cached compilation of the same kind + text. `id` names the policy in matched statements
 * (policy name or ARN); it defaults to the first 12 hex digits of the content hash.
 */
export function compilePolicy(document: string, kind: PolicyKind, id?: string): CompiledPolicy {
  return compile(document, kind, id);
}

/** A canonical JSON text of a valid document (Statement always a list); throws like validatePolicyDocument. */
export function normalizePolicyDocument(document: string, kind: PolicyKind): string {
  return serializePolicy(parsePolicy(document, kind));
}

/** sha256 hex of kind + "\n" + document: the compile cache key (also usable as a stable policy id). */
export { policyHash };

/**
 * Decides a request: explicit deny wins; otherwise every gate present (trust policy, identity
 * policies, session policies, permissions boundaries) must allow. Identity policies are not a
 * gate for a trust-policy-only evaluation (AssumeRoleWithWebIdentity). Never throws.
 */
export { evaluate } from './evaluate.js';

/**
 * Like evaluate(), plus a JSON-serialisable trace: each statement (matched or not, and why),
 * each condition (operator, key, expected, actual, result) and hints with stable codes
 * ('wildcard-in-string-equals', 'case-mismatch', 'missing-key', plus those of the HintRules
 * passed in, e.g. GitLab's from src/diagnostics/explain/gitlab-hints.ts).
 */
export { explain } from './explain.js';

/**
 * Authorises a SigV4-signed call: returns when the caller's role policies (∩ its session
 * policies) allow `action` on `resource`, else throws AwsError('AccessDenied', AWS's text, 403).
 * Admin callers are always allowed.
 */
export { authorizeCall } from './authorize.js';

/**
 * A valid policy whose only statement matches no action: what a policy that cannot be found
 * contributes where it must still limit (a session PolicyArn, a permissions boundary).
 */
export const POLICY_GRANTING_NOTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","Resource":"*"}]}';
