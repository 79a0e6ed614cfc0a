/**
 * Signatures that verified, remembered per key. Whether a signature verifies depends only on the
 * key, the signed bytes and the signature, so a token presented again (the SDKs' web-identity
 * provider re-sends the same token file at every refresh; a job's steps share one token) skips
 * the RSA or ECDSA operation, the largest single cost of an AssumeRoleWithWebIdentity. Every
 * other check (header, claims, provider, audience, key lookup, times) still runs on every call.
 *
 * - An entry matches only the same signature over the same bytes: a signature alone is not a
 *   key, or a remembered signature could be paired with other claims.
 * - The memo hangs off the KeyObject (weakly): a key that leaves the JWKS, or a kid that comes
 *   back with other material, is another object, whose memo starts empty.
 * - Only successes enter, so only tokens the issuer really signed: a caller cannot fill it with
 *   junk, and each key's memo is bounded besides (oldest first).
 */
import type { KeyObject } from 'node:crypto';
import { BoundedMap } from '../aws/bounded-map.js';
import type { ParsedToken } from './token.js';

export const MEMO_PER_KEY = 1_024;

type Signed = Pick<ParsedToken, 'signingInput' | 'signature'>;

/** Per key: the signature (as latin1 text, one char per byte) → the bytes it was verified over. */
const verified = new WeakMap<KeyObject, BoundedMap<string, Buffer>>();

export function isRememberedValid(key: KeyObject, token: Signed): boolean {
  const signedBytes = verified.get(key)?.get(token.signature.toString('latin1'));
  return signedBytes !== undefined && signedBytes.equals(token.signingInput);
}

export function rememberValid(key: KeyObject, token: Signed): void {
  let memo = verified.get(key);
  if (memo === undefined) {
    memo = new BoundedMap(MEMO_PER_KEY);
    verified.set(key, memo);
  }
  memo.set(token.signature.toString('latin1'), token.signingInput);
}

/** How many signatures `key` has remembered (for tests and the bench). */
export function rememberedSignatures(key: KeyObject): number {
  return verified.get(key)?.size ?? 0;
}
