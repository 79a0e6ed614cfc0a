/**
 * Step 5: the signature, with a KeyObject imported once per JWK (the hot path: crypto.verify is
 * roughly three times cheaper than WebCrypto here; `npm run bench` measures it against jose). ECDSA signatures travel in the
 * JOSE form (r || s, fixed width), hence dsaEncoding 'ieee-p1363'. A zero r or s is refused
 * before OpenSSL sees it (the "psychic signature", CVE-2022-21449, broke Java on exactly that).
 * A signature that verified is remembered for its key (verified-signatures.ts): the same token
 * again skips OpenSSL, and nothing else.
 */
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { invalidToken } from './errors.js';
import { isRememberedValid, rememberValid } from './verified-signatures.js';
import type { ParsedToken, SupportedAlg } from './token.js';

const HASH: Record<SupportedAlg, string> = {
  RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512',
};
/** Width in bytes of r (and of s) per ECDSA algorithm. */
const EC_HALF: Partial<Record<SupportedAlg, number>> = { ES256: 32, ES384: 48, ES512: 66 };

/** Throws unless the signature verifies; says whether it was already remembered valid for the key. */
export function verifySignature(token: Pick<ParsedToken, 'signingInput' | 'signature'>, alg: SupportedAlg, key: KeyObject): 'remembered' | 'verified' {
  if (isRememberedValid(key, token)) return 'remembered';
  const half = EC_HALF[alg];
  let valid: boolean;
  if (half === undefined) {
    valid = key.asymmetricKeyType === 'rsa' && safeVerify(HASH[alg], token, key, undefined);
  } else {
    const { signature } = token;
    valid = key.asymmetricKeyType === 'ec' && signature.length === 2 * half &&
      !isZero(signature.subarray(0, half)) && !isZero(signature.subarray(half)) &&
      safeVerify(HASH[alg], token, key, 'ieee-p1363');
  }
  if (!valid) throw invalidToken('bad-signature', `the ${alg} signature does not verify with the issuer's key`);
  rememberValid(key, token);
  return 'verified';
}

function safeVerify(hash: string, token: Pick<ParsedToken, 'signingInput' | 'signature'>, key: KeyObject, dsaEncoding: 'ieee-p1363' | undefined): boolean {
  try {
    return cryptoVerify(hash, token.signingInput, dsaEncoding ? { key, dsaEncoding } : key, token.signature);
  } catch {
    // A malformed signature (wrong length for the key, out-of-range values) is simply invalid.
    return false;
  }
}

function isZero(bytes: Buffer): boolean {
  return bytes.every((b) => b === 0);
}
