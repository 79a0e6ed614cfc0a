/**
 * The public half of an RSA signing key as GitLab publishes it, and its `kid`.
 * GitLab's kid is json-jwt's default: the RFC 7638 thumbprint (nov/json-jwt lib/json/jwk.rb).
 */
import { createHash, type KeyObject } from 'node:crypto';

/** The members RFC 7638 hashes for an RSA key; `e` and `n` are base64url big-endian integers. */
export interface RsaPublicJwk {
  kty: 'RSA';
  e: string;
  n: string;
}

/** One JWKS entry, members in GitLab's order (`to_jwk.slice(:kty, :kid, :e, :n).merge(use:, alg:)`). */
export interface PublishedJwk {
  kty: 'RSA';
  kid: string;
  e: string;
  n: string;
  use: 'sig';
  alg: 'RS256';
}

export function rsaPublicJwk(key: KeyObject): RsaPublicJwk {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || typeof jwk.e !== 'string' || typeof jwk.n !== 'string') {
    throw new Error('not an RSA key');
  }
  return { kty: 'RSA', e: jwk.e, n: jwk.n };
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
export function jwkThumbprint(jwk: RsaPublicJwk): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

export function publishedJwk(jwk: RsaPublicJwk, kid: string): PublishedJwk {
  return { kty: 'RSA', kid, e: jwk.e, n: jwk.n, use: 'sig', alg: 'RS256' };
}
