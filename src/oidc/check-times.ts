/**
 * Step 6: the token's time claims against our clock.
 *
 * - `exp`: required; AWS allows five minutes of clock skew beyond it
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html),
 *   then answers ExpiredTokenException with both times in epoch seconds.
 * - `nbf` and `iat` in the future: tolerated within the same five minutes (issuers' clocks run a
 *   little ahead: sbomify PR #1012), rejected beyond it. AWS's wording for these is unknown; they
 *   get the generic InvalidIdentityToken message.
 * - maximum age: AWS has one ("Token too old: 441398", i.e. rejected after ~5.1 days) but its
 *   threshold is unknown. We pick 24 hours since `iat`: longer than any sane CI job token lives,
 *   shorter than the one observed rejection. An open question, kept in one constant.
 * Timestamps must be integers ("formatted as either an integer or a long integer", STS docs).
 */
import { invalidToken, missingClaim, tokenExpired, tokenTooOld } from './errors.js';
import type { JwtClaims } from './token.js';

export const CLOCK_SKEW_SECONDS = 300;
export const MAX_TOKEN_AGE_SECONDS = 24 * 60 * 60;

export interface TokenTimes {
  exp: number;
  nbf: number | undefined;
  iat: number | undefined;
}

export function checkTimes(claims: JwtClaims, now: Date): TokenTimes {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = readTime(claims, 'exp');
  if (exp === undefined) throw missingClaim('exp');
  const nbf = readTime(claims, 'nbf');
  const iat = readTime(claims, 'iat');
  if (nowSeconds >= exp + CLOCK_SKEW_SECONDS) {
    throw tokenExpired(nowSeconds, exp, `exp was ${nowSeconds - exp} s ago, beyond the ${CLOCK_SKEW_SECONDS} s clock-skew allowance`);
  }
  if (nbf !== undefined && nbf > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw invalidToken('not-yet-valid', `nbf is ${nbf - nowSeconds} s in the future, beyond the ${CLOCK_SKEW_SECONDS} s clock-skew allowance`);
  }
  if (iat !== undefined && iat > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw invalidToken('issued-in-future', `iat is ${iat - nowSeconds} s in the future, beyond the ${CLOCK_SKEW_SECONDS} s clock-skew allowance`);
  }
  if (iat !== undefined && nowSeconds - iat > MAX_TOKEN_AGE_SECONDS) {
    throw tokenTooOld(nowSeconds - iat, `iat was ${nowSeconds - iat} s ago; tokens older than ${MAX_TOKEN_AGE_SECONDS} s are refused`);
  }
  return { exp, nbf, iat };
}

function readTime(claims: JwtClaims, name: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidToken('invalid-claim', `"${name}" is not an integer number of seconds`);
  }
  return value;
}
