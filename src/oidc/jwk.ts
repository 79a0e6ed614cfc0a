/**
 * One JWK imported once into a node:crypto KeyObject, with the metadata key selection needs.
 * Only public members reach createPublicKey (a published private `d` is dropped), only RSA and
 * EC signature keys are kept, and RSA moduli under 2048 bits are refused (RFC 7518 §3.3).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { SupportedAlg } from './token.js';

export interface VerificationKey {
  kid: string | undefined;
  /** The JWK's own `alg`, when it pins one. */
  alg: string | undefined;
  kty: 'RSA' | 'EC';
  /** P-256, P-384 or P-521 for EC keys. */
  crv: string | undefined;
  use: string | undefined;
  keyOps: string[] | undefined;
  key: KeyObject;
}

const MIN_RSA_BITS = 2048;
const EC_CURVES = new Set(['P-256', 'P-384', 'P-521']);

/** The key, or a sentence saying why this JWK cannot verify anything. */
export function importJwk(jwk: unknown): VerificationKey | string {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'not a JSON object';
  const j = jwk as Record<string, unknown>;
  const meta = {
    kid: typeof j.kid === 'string' ? j.kid : undefined,
    alg: typeof j.alg === 'string' ? j.alg : undefined,
    use: typeof j.use === 'string' ? j.use : undefined,
    keyOps: Array.isArray(j.key_ops) ? j.key_ops.filter((op): op is string => typeof op === 'string') : undefined,
  };
  try {
    if (j.kty === 'RSA' && typeof j.n === 'string' && typeof j.e === 'string') {
      const key = createPublicKey({ format: 'jwk', key: { kty: 'RSA', n: j.n, e: j.e } });
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS) return `RSA modulus of ${bits} bits is under ${MIN_RSA_BITS}`;
      return { ...meta, kty: 'RSA', crv: undefined, key };
    }
    if (j.kty === 'EC' && typeof j.crv === 'string' && EC_CURVES.has(j.crv) && typeof j.x === 'string' && typeof j.y === 'string') {
      const key = createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: j.crv, x: j.x, y: j.y } });
      return { ...meta, kty: 'EC', crv: j.crv, key };
    }
  } catch (err) {
    return `not a valid public key (${err instanceof Error ? err.message : String(err)})`;
  }
  return `kty ${JSON.stringify(j.kty)} with these members is not an RSA or P-256/384/521 EC public key`;
}

const CURVE_FOR_ALG: Partial<Record<SupportedAlg, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** Whether this key may verify a signature made with `alg` (kty, curve, and the JWK's alg/use/key_ops). */
export function keyFitsAlg(key: VerificationKey, alg: SupportedAlg): boolean {
  if (key.alg !== undefined && key.alg !== alg) return false;
  if (key.use !== undefined && key.use !== 'sig') return false;
  if (key.keyOps !== undefined && !key.keyOps.includes('verify')) return false;
  const curve = CURVE_FOR_ALG[alg];
  return curve === undefined ? key.kty === 'RSA' : key.kty === 'EC' && key.crv === curve;
}
