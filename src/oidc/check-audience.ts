/**
 * Step 3: the audience against the provider's client IDs. AWS checks `azp` when the token has
 * one and `aud` otherwise (inferred from Google's documented behaviour and the Azure/Auth0
 * reports: aws/aws-sdk-net#3071, and the `oaud` key in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html). An
 * array `aud` passes when one element matches. The result is the value that becomes the
 * `<provider>:aud` condition key and the response's
 * `Audience`.
 */
import { audienceMismatch, invalidToken } from './errors.js';
import type { OidcProviderRecord } from '../store/records.js';
import type { JwtClaims } from './token.js';

export function checkAudience(claims: JwtClaims, provider: Pick<OidcProviderRecord, 'clientIds'>): string {
  const { azp, aud } = claims;
  if (azp !== undefined) {
    if (typeof azp !== 'string') throw invalidToken('invalid-claim', '"azp" is not a string');
    if (provider.clientIds.includes(azp)) return azp;
    throw audienceMismatch(`azp ${JSON.stringify(azp)} (checked instead of aud because it is present) is not among the client IDs ${JSON.stringify(provider.clientIds)}`);
  }
  const candidates = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  const match = candidates.find((a): a is string => typeof a === 'string' && provider.clientIds.includes(a));
  if (match !== undefined) return match;
  throw audienceMismatch(`aud ${JSON.stringify(aud)} has no value among the client IDs ${JSON.stringify(provider.clientIds)}`);
}
