/**
 * The SigV4 CredentialResolver for session (ASIA…) keys: opens the token, checks that the key id
 * belongs to it, and derives the secret. No store read, so any node can verify any session.
 */
import { timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../aws/error.js';
import type { Caller } from '../../aws/service.js';
import { assumedRoleArn } from '../../aws/arn.js';
import { deriveSecretAccessKey } from './derive-secret.js';
import type { SessionKeyRing } from './key-ring.js';
import type { SessionGrant } from './session-grant.js';
import { openSessionToken } from './session-token.js';

export type AssumedRoleCaller = Extract<Caller, { kind: 'assumed-role' }>;

export interface ResolvedSession {
  secretAccessKey: string;
  caller: AssumedRoleCaller;
}

/** reference/aws-sts-iam.md §3.6 (okta-awscli#145): no final period in STS's text. */
export function invalidClientTokenId(): AwsError {
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid', 403);
}

/** reference/aws-sts-iam.md §3.6 (aws-sdk-java-v2#1649, cfn-sphere#55). */
export function expiredToken(): AwsError {
  return new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
}

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
  };
}

/**
 * Authenticity is settled before expiry, so a forged token never learns whether its claimed
 * expiry passed. A token is valid strictly before its Expiration.
 */
export function createSessionCredentialResolver(ring: SessionKeyRing) {
  return async (accessKeyId: string, sessionToken: string | undefined, now: Date): Promise<ResolvedSession> => {
    if (sessionToken === undefined) throw invalidClientTokenId();
    const opened = openSessionToken(sessionToken, ring);
    if (opened === undefined) throw invalidClientTokenId();
    const expected = Buffer.from(opened.grant.accessKeyId, 'utf8');
    const presented = Buffer.from(accessKeyId, 'utf8');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw invalidClientTokenId();
    if (now.getTime() >= opened.grant.expiresAt.getTime()) throw expiredToken();
    return { secretAccessKey: deriveSecretAccessKey(opened.keys, opened.bytes), caller: callerOf(opened.grant) };
  };
}
