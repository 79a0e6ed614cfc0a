/**
 * A session's SecretAccessKey is a MAC of its token under the server's session key: nothing per
 * session is stored, yet only the server and the session's holder can sign as the session.
 */
import { createHmac } from 'node:crypto';
import type { SessionKeys } from './key-ring.js';

/** 40 characters of base64, like AWS secrets: the first 30 bytes of the MAC. */
export function deriveSecretAccessKey(keys: SessionKeys, tokenBytes: Buffer): string {
  return createHmac('sha256', keys.secret).update(tokenBytes).digest().subarray(0, 30).toString('base64');
}
