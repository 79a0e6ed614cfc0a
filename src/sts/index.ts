/**
 * STS: the web-identity pipeline, stateless session credentials, caller identity. Import from here.
 *
 * - createStsService(deps): the QueryService the server mounts (deps: StsDirectory port, session
 *   key ring, KeySource for web-identity tokens).
 * - createSessionCredentialResolver(ring): SigV4's resolver for ASIA… keys (no store read).
 * - sessionKeyRingFromMasterKey(masterKey, keyIds): the ring, derived from the master key.
 */
export { createStsService, type StsDeps } from './service.js';
export type { StsDirectory } from './ports.js';
export { DECISION_ID_HEADER } from './assume-role-with-web-identity.js';
export { createSessionCredentialResolver, type ResolvedSession, type SessionCredentialResolver } from './credentials/resolve-session-credentials.js';
export { sessionKeyRing, sessionKeyRingFromMasterKey, type SessionKeyRing } from './credentials/key-ring.js';
