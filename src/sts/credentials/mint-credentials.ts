/** Turns a session's grant into the four Credentials members AssumeRoleWithWebIdentity returns. */
import { newAccessKeyId } from '../../aws/ids.js';
import { deriveSecretAccessKey } from './derive-secret.js';
import type { SessionKeyRing, SessionKeys } from './key-ring.js';
import type { SessionGrant } from './session-grant.js';
import { sealSessionToken } from './session-token.js';

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** The key id is minted here (ASIA…, encoding the account as aws/ids.ts explains) and sealed into the token. */
export function mintSessionCredentials(grant: Omit<SessionGrant, 'accessKeyId'>, ring: SessionKeyRing): SessionCredentials {
  const accessKeyId = newAccessKeyId(grant.accountId, 'ASIA');
  const token = sealSessionToken({ accessKeyId, ...grant }, ring);
  const keys = ring.keys.get(ring.currentKeyId) as SessionKeys;
  return {
    accessKeyId,
    secretAccessKey: deriveSecretAccessKey(keys, token.bytes),
    sessionToken: token.text,
    expiration: grant.expiresAt,
  };
}
