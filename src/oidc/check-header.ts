/**
 * Step 1b: the protected header. Only RS256/384/512 and ES256/384/512 are accepted (the list AWS
 * documents); `none` and every HMAC algorithm are refused before any key is looked at, which is
 * what defeats the "HS256 signed with the RSA public key" confusion.
 *
 * Key-carrying headers (`jwk`, `jku`, `x5u`, `x5c`, `x5t`) are IGNORED, never rejected: the key
 * always comes from the issuer's JWKS (or the provider's static keys), selected by `kid` alone.
 * Rejecting them would refuse real issuers that add `x5t` (Azure AD does); ignoring them means an
 * attacker who points them at his own key gains nothing, because that key is never consulted.
 *
 * `crit` (RFC 7515 §4.1.11): we implement no extension, so any `crit` is a header we do not
 * understand and the token must be rejected.
 */
import { invalidToken } from './errors.js';
import { isSupportedAlg, type JwsHeader, type SupportedAlg } from './token.js';

export interface CheckedHeader {
  alg: SupportedAlg;
  kid: string | undefined;
}

export function checkHeader(header: JwsHeader): CheckedHeader {
  if (!isSupportedAlg(header.alg)) {
    throw invalidToken('unsupported-alg', `alg ${JSON.stringify(header.alg)} is not one of RS256/384/512, ES256/384/512`);
  }
  if (header.crit !== undefined) {
    throw invalidToken('unknown-crit', `the header marks ${JSON.stringify(header.crit)} as critical; no critical extension is supported`);
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw invalidToken('malformed-token', 'the header "kid" is not a string');
  }
  return { alg: header.alg, kid: header.kid };
}
