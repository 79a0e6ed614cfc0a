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
 * - A token enters on its second sighting. Most CI jobs present their token once; remembering
 *   every one (its signed bytes held until 1,024 newer tokens pushed it out, then left to the
 *   old generation's collector) cost a new-token load 3–9 % of its rate and 3 ms of p99. A
 *   fixed table of 32-bit prints of verified signatures says whether one was seen before: a
 *   print that collides only makes a token enter on its first sighting, one overwritten only
 *   later, never a wrong answer (the memo itself matches whole signatures and signed bytes).
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
  if (!verifiedBefore(key, token.signature)) return;
  let memo = verified.get(key);
  if (memo === undefined) {
    memo = new BoundedMap(MEMO_PER_KEY);
    verified.set(key, memo);
  }
  memo.set(token.signature.toString('latin1'), token.signingInput);
}

/** Slots per key in the table of signatures verified once (16 KiB a key). */
export const PRINT_SLOTS = 4_096;

/** Per key: prints of verified signatures, one per slot, 0 for none. */
const verifiedOnce = new WeakMap<KeyObject, Uint32Array>();

/**
 * Whether this signature verified before (probably: see the module comment); notes it if not.
 * Signatures are uniformly distributed bytes (RSA) or pairs of random-looking integers (ECDSA),
 * at least 64 bytes long: their first bytes are the print, the next ones choose the slot.
 */
function verifiedBefore(key: KeyObject, signature: Buffer): boolean {
  if (signature.length < 8) return true;
  let prints = verifiedOnce.get(key);
  if (prints === undefined) {
    prints = new Uint32Array(PRINT_SLOTS);
    verifiedOnce.set(key, prints);
  }
  const print = signature.readUInt32BE(0) || 1;
  const slot = signature.readUInt32BE(4) % PRINT_SLOTS;
  if (prints[slot] === print) return true;
  prints[slot] = print;
  return false;
}

/** How many signatures `key` has remembered (for tests and the bench). */
export function rememberedSignatures(key: KeyObject): number {
  return verified.get(key)?.size ?? 0;
}
