/**
 * Step 1c: the claims AWS requires before it looks anything up
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html):
 * `iss`, `sub` and `aud`, plus `exp` (a token without an expiry would be valid forever). Only
 * presence and basic type are checked here; values are checked by the steps that own them.
 * The message for a missing `iss` or `exp` follows the pattern AWS uses for `sub` and `aud`
 * (an inference: no capture exists for those two).
 */
import { invalidToken, missingClaim } from './errors.js';
import type { JwtClaims } from './token.js';

export interface RequiredClaims {
  iss: string;
  sub: string;
  aud: string | string[];
}

export function checkRequiredClaims(claims: JwtClaims): RequiredClaims {
  const { iss, sub, aud } = claims;
  for (const name of ['iss', 'sub', 'aud', 'exp'] as const) {
    if (claims[name] === undefined || claims[name] === null) throw missingClaim(name);
  }
  if (typeof iss !== 'string' || iss === '') throw invalidToken('invalid-claim', '"iss" is not a non-empty string');
  if (typeof sub !== 'string' || sub === '') throw invalidToken('invalid-claim', '"sub" is not a non-empty string');
  if (!isAudience(aud)) throw invalidToken('invalid-claim', '"aud" is neither a string nor a non-empty array of strings');
  return { iss, sub, aud };
}

function isAudience(aud: unknown): aud is string | string[] {
  if (typeof aud === 'string') return true;
  return Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string');
}
