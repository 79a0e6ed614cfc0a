/**
 * The SigV4 CredentialResolver for session (ASIA…) keys: opens the token, checks that the key id
 * belongs to it, and derives the secret. No store read, so any node can verify any session.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '../../aws/service.js';
import { expiredToken, invalidClientTokenId, type CredentialResolver } from '../../aws/sigv4/index.js';
import { assumedRoleArn } from '../../aws/arn.js';
import { BoundedMap } from '../../aws/bounded-map.js';
import { deriveSecretAccessKey } from './derive-secret.js';
import type { SessionKeyRing } from './key-ring.js';
import type { SessionGrant } from './session-grant.js';
import { openSessionToken } from './session-token.js';

export type AssumedRoleCaller = Extract<Caller, { kind: 'assumed-role' }>;

export interface ResolvedSession {
  secretAccessKey: string;
  caller: AssumedRoleCaller;
}

/** SigV4's CredentialResolver, narrowed: a session key always resolves to an assumed-role caller. */
export type SessionCredentialResolver = (...args: Parameters<CredentialResolver>) => Promise<ResolvedSession>;

export function callerOf(grant: SessionGrant): AssumedRoleCaller {
  return {
    kind: 'assumed-role',
    accountId: grant.accountId,
    accessKeyId: grant.accessKeyId,
    arn: assumedRoleArn(grant.accountId, grant.roleName, grant.sessionName),
    userId: `${grant.roleId}:${grant.sessionName}`,
    roleName: grant.roleName,
    roleArn: grant.roleArn,
    sessionName: grant.sessionName,
    sessionPolicies: grant.sessionPolicies,
    expiresAt: grant.expiresAt,
    sessionTags: grant.tags,
    transitiveTagKeys: grant.transitiveTagKeys,
    sourceIdentity: grant.sourceIdentity,
  };
}

/**
 * Authenticity is settled before expiry, so a forged token never learns whether its claimed
 * expiry passed. A token is valid strictly before its Expiration.
 */
export function createSessionCredentialResolver(ring: SessionKeyRing): SessionCredentialResolver {
  // Tokens that opened, with what they open to: a session signs call after call with the same
  // token, and opening it (AES-GCM, then the secret's HMAC) was a tenth of a signed call. Only
  // tokens that authenticated are kept, so forged ones cannot fill it; the key id and expiry
  // checks below still run on every call.
  const opened = new BoundedMap<string, ResolvedSession>(1024);
  const open = (sessionToken: string): ResolvedSession | undefined => {
    let session = opened.get(sessionToken);
    if (session === undefined) {
      const token = openSessionToken(sessionToken, ring);
      if (token === undefined) return undefined;
      // Frozen: every call with this token gets the same objects.
      session = Object.freeze({
        secretAccessKey: deriveSecretAccessKey(token.keys, token.bytes),
        caller: Object.freeze(callerOf(token.grant)),
      });
      opened.set(sessionToken, session);
    }
    return session;
  };
  return async (accessKeyId, sessionToken, now) => {
    if (sessionToken === undefined) throw invalidClientTokenId();
    const session = open(sessionToken);
    if (session === undefined) throw invalidClientTokenId();
    const expected = Buffer.from(session.caller.accessKeyId, 'utf8');
    const presented = Buffer.from(accessKeyId, 'utf8');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw invalidClientTokenId();
    if (now.getTime() >= session.caller.expiresAt.getTime()) throw expiredToken();
    return session;
  };
}
