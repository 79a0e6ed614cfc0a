/** The shapes of a decoded web-identity token, shared by every verification step. */

/** The protected header of a JWS. Only `alg`, `kid` and `crit` influence verification. */
export interface JwsHeader {
  alg: string;
  kid?: string;
  typ?: string;
  crit?: unknown;
  [name: string]: unknown;
}

/** The claims set, as JSON gave it: each step checks the types of the claims it reads. */
export type JwtClaims = Record<string, unknown>;

export interface ParsedToken {
  header: JwsHeader;
  claims: JwtClaims;
  /** `base64url(header) + '.' + base64url(payload)`: the bytes the signature covers. */
  signingInput: Buffer;
  signature: Buffer;
}

/** The algorithms AWS accepts (WebIdentityToken's doc in botocore/data/sts/2011-06-15/service-2.json). */
export const SUPPORTED_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
export type SupportedAlg = (typeof SUPPORTED_ALGS)[number];

export function isSupportedAlg(alg: unknown): alg is SupportedAlg {
  return typeof alg === 'string' && (SUPPORTED_ALGS as readonly string[]).includes(alg);
}
