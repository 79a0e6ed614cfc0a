/**
 * Step 2: the IAM OIDC provider whose URL equals the token's `iss` — exactly, case and trailing
 * slash included (mozilla-iam/mozilla-aws-cli#127;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html).
 * Normalising here would let a token for
 * `https://a/` use the keys registered for `https://a`, so nothing is normalised.
 */
import { unknownIssuer } from './errors.js';
import type { OidcProviderRecord } from '../store/records.js';

export type FindProvider = (iss: string) => Promise<OidcProviderRecord | undefined>;

export async function selectProvider(iss: string, findProvider: FindProvider): Promise<OidcProviderRecord> {
  const provider = await findProvider(iss);
  // Re-check equality so that a store doing a case-insensitive lookup cannot widen the match.
  if (provider === undefined || provider.url !== iss) throw unknownIssuer(iss);
  return provider;
}
