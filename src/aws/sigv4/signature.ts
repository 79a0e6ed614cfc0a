import { createHmac, timingSafeEqual } from 'node:crypto';
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

/** The hex signature of a canonical request under a secret key (SigV4 steps 2–4). */
export function computeSignature(secretAccessKey: string, amzDate: string, scope: CredentialScope, canonical: string): string {
  const stringToSign = [ALGORITHM, amzDate, scopeString(scope), sha256Hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, scope.date);
  key = hmac(key, scope.region);
  key = hmac(key, scope.service);
  key = hmac(key, 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
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
