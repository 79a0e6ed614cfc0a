import { createHmac, timingSafeEqual } from 'node:crypto';
import { BoundedMap } from '../bounded-map.js';
import { sha256Hex } from './canonical-request.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface CredentialScope {
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
}

export function scopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

/**
 * Signing keys already derived: the four HMACs of a key's derivation depend only on the secret
 * and the scope, which a client keeps for a whole day of calls, and were a tenth of a signed
 * call's CPU. Bounded, since the secrets come from whoever calls (after their credentials
 * resolved). Only the derived key is kept, keyed by scope and secret.
 */
const signingKeys = new BoundedMap<string, Buffer>(1024);

function signingKey(secretAccessKey: string, scope: CredentialScope): Buffer {
  const id = `${scope.date}/${scope.region}/${scope.service}\n${secretAccessKey}`;
  let key = signingKeys.get(id);
  if (key === undefined) {
    key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, scope.date), scope.region), scope.service), 'aws4_request');
    signingKeys.set(id, key);
  }
  return key;
}

/** The hex signature of a canonical request under a secret key (SigV4 steps 2–4). */
export function computeSignature(secretAccessKey: string, amzDate: string, scope: CredentialScope, canonical: string): string {
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scopeString(scope)}\n${sha256Hex(canonical)}`;
  return hmac(signingKey(secretAccessKey, scope), stringToSign).toString('hex');
}

/** Constant-time comparison of the expected and provided signatures. */
export function signaturesMatch(expectedHex: string, providedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'utf8');
  const provided = Buffer.from(providedHex, 'utf8');
  return expected.length === provided.length && timingSafeEqual(expected, provided);
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
