/**
 * One-time console sign-in links, as `up` and `trustbridge console-link` print them. The token is
 * a random nonce and an expiry, authenticated with an HMAC under a key derived from the master
 * key — so any process holding the master key can mint one and any node can check it — and the
 * store records each nonce when it is used, so a link signs in once, on whichever node.
 *
 * The token travels in the URL's fragment (`/console/link#…`): browsers never send fragments,
 * so it cannot reach request logs, proxies or a Referer; the page's script posts it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MasterKey } from '../store/master-key.js';

export const LINK_LIFETIME_MS = 10 * 60 * 1000;
export const LINK_PATH = '/console/link';
const PURPOSE = 'console-sign-in-link';
const NONCE_BYTES = 16;

export interface LinkClaim {
  nonce: string;
  expiresAt: Date;
}

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function mintSignInToken(masterKey: MasterKey, now: Date): string {
  const payload = Buffer.alloc(NONCE_BYTES + 8);
  randomBytes(NONCE_BYTES).copy(payload);
  payload.writeBigUInt64BE(BigInt(now.getTime() + LINK_LIFETIME_MS), NONCE_BYTES);
  return `${payload.toString('base64url')}.${mac(masterKey.derive(PURPOSE), payload).toString('base64url')}`;
}

export function signInLink(apiUrl: string, token: string): string {
  return `${apiUrl.replace(/\/+$/, '')}${LINK_PATH}#${token}`;
}

/** The nonce to mark used, or undefined for a forged, malformed or expired token. */
export function checkSignInToken(masterKey: MasterKey, token: string, now: Date): LinkClaim | undefined {
  const [payloadText, macText, extra] = token.split('.');
  if (payloadText === undefined || macText === undefined || extra !== undefined) return undefined;
  const payload = Buffer.from(payloadText, 'base64url');
  const given = Buffer.from(macText, 'base64url');
  if (payload.length !== NONCE_BYTES + 8) return undefined;
  const expected = mac(masterKey.derive(PURPOSE), payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const expiresAt = new Date(Number(payload.readBigUInt64BE(NONCE_BYTES)));
  if (expiresAt.getTime() <= now.getTime()) return undefined;
  return { nonce: payload.subarray(0, NONCE_BYTES).toString('base64url'), expiresAt };
}
