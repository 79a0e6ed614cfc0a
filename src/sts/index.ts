/**
 * STS: the web-identity pipeline, stateless session credentials, caller identity. Import from here.
 *
 * - createStsService(deps): the QueryService the server mounts. deps = { directory: StsDirectory
 *   (the Store satisfies it as is), sessionKeys: SessionKeyRing, tokenKeys: KeySource (JwksCache) }.
 * - createSessionCredentialResolver(ring): SigV4's CredentialResolver for ASIA… keys (no store read).
 * - sessionKeyRingFromMasterKey(masterKey, keyIds): the ring, derived from the master key; the
 *   first id seals, every listed id opens (rotation).
 * - buildTrustContext / checkTrust: the trust-policy context and check the pipeline uses, for
 *   `trustbridge explain` to show exactly what STS evaluates.
 */
export { createStsService, type StsDeps } from './service.js';
export type { StsDirectory } from './ports.js';
export { DECISION_ID_HEADER } from './assume-role-with-web-identity.js';
export { createSessionCredentialResolver, type ResolvedSession, type SessionCredentialResolver } from './credentials/resolve-session-credentials.js';
export { sessionKeyRing, sessionKeyRingFromMasterKey, type SessionKeyRing } from './credentials/key-ring.js';
export { buildTrustContext, conditionKeyPrefix, type TrustContextInput } from './trust-context.js';
export { checkTrust, type TrustAnswer, type TrustQuestion } from './trust-check.js';
export { readSessionTags, readSourceIdentity, type SessionTags } from './session-tags.js';
