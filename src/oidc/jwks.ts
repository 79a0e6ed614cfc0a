/**
 * A JWKS document turned into verification keys, and the choice of one key for a token.
 * AWS fails when a JWKS holds more than 100 keys (spiffe/spire#4699),
 * so the cap counts every entry of `keys`, usable or not.
 */
import { importJwk, keyFitsAlg, type VerificationKey } from './jwk.js';
import type { SupportedAlg } from './token.js';
import { TrustbridgeError } from '../errors.js';

export const MAX_JWKS_KEYS = 100;

export interface KeySet {
  keys: VerificationKey[];
  /** JWKS entries that could not be imported, with the reason (for the doctor and explain). */
  skipped: Array<{ kid: string | undefined; why: string }>;
}

export class JwksFormatError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_JWKS_FORMAT';
  override readonly code = JwksFormatError.code;
  override readonly name = 'JwksFormatError';
}

export function parseJwks(document: unknown, maxKeys = MAX_JWKS_KEYS): KeySet {
  if (typeof document !== 'object' || document === null || !Array.isArray((document as { keys?: unknown }).keys)) {
    throw new JwksFormatError('the JWKS is not a JSON object with a "keys" array');
  }
  const entries = (document as { keys: unknown[] }).keys;
  if (entries.length > maxKeys) {
    throw new JwksFormatError(`the JWKS holds ${entries.length} keys; AWS fails above ${maxKeys}`);
  }
  const set: KeySet = { keys: [], skipped: [] };
  for (const entry of entries) {
    const imported = importJwk(entry);
    if (typeof imported === 'string') {
      const kid = (entry as { kid?: unknown } | null)?.kid;
      set.skipped.push({ kid: typeof kid === 'string' ? kid : undefined, why: imported });
    } else {
      set.keys.push(imported);
    }
  }
  return set;
}

/**
 * The key for a token: by `kid` when the token names one; without a `kid`, only when exactly one
 * key fits the algorithm (guessing among several would make the choice depend on key order).
 */
export function selectKey(set: KeySet, alg: SupportedAlg, kid: string | undefined): VerificationKey | undefined {
  const fitting = set.keys.filter((k) => keyFitsAlg(k, alg) && (kid === undefined || k.kid === kid));
  if (kid === undefined && fitting.length !== 1) return undefined;
  return fitting[0];
}
