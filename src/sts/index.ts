/**
 * STS: the web-identity pipeline, stateless session credentials, caller identity. The way in:
 * code outside src/sts imports from this file only (ESLint enforces it; tests may reach inside).
 *
 * - createStsService(deps): the QueryService the server mounts. deps = { directory: StsDirectory
 *   (the Store satisfies it as is), sessionKeys: SessionKeyRing, tokenKeys: KeySource (JwksCache) }.
 * - createSessionCredentialResolver(ring): SigV4's CredentialResolver for ASIA… keys (no store read).
 * - sessionKeyRingFromMasterKey(masterKey, keyIds): the ring, derived from the master key; the
 *   first id seals, every listed id opens (rotation).
 * - WEB_IDENTITY_CHECKS (+ WEB_IDENTITY_MISSING_REASONS, ExplainedFailure): the pipeline's checks,
 *   for `trustbridge explain` to run exactly what STS runs (src/sts/pipeline/).
 * - buildTrustContext / checkTrust: the trust-policy context and check the pipeline uses;
 *   expandRecordedContext: that context as a decision record keeps it, made whole again.
 * - UnverifiedCallLimiter: the per-address budget for calls no registered provider vouched for.
 * - parseRoleArn, readSessionTags / readSourceIdentity: how STS reads a RoleArn and a token's
 *   session tags, for the same reason.
 */
export { createStsService, type StsDeps } from './service.js';
export type { StsDirectory } from './ports.js';
export { DECISION_ID_HEADER } from './decision-trail.js';
export {
  ACTION,
  ExplainedFailure,
  WEB_IDENTITY_CHECKS,
  WEB_IDENTITY_MISSING_REASONS,
  type WebIdentityDirectory,
  type WebIdentityFacts,
} from './pipeline/index.js';
export { parseRoleArn, type RoleRef } from './role-arn.js';
export { createSessionCredentialResolver, type ResolvedSession, type SessionCredentialResolver } from './credentials/resolve-session-credentials.js';
export { sessionKeyRing, sessionKeyRingFromMasterKey, type SessionKeyRing } from './credentials/key-ring.js';
export { buildTrustContext, conditionKeyPrefix, type TrustContextInput } from './trust-context.js';
export { expandRecordedContext } from './recorded-context.js';
export { checkTrust, type TrustAnswer, type TrustQuestion } from './trust-check.js';
export { readSessionTags, readSourceIdentity, type SessionTags } from './session-tags.js';
export { DEFAULT_UNVERIFIED_CALL_LIMIT, NO_RATE_LIMIT, UnverifiedCallLimiter, type RateLimit } from './unverified-call-limiter.js';
