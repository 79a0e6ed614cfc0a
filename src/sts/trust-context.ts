/**
 * The request context a role's trust policy is evaluated against for a web-identity call.
 *
 * AWS's keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html):
 * `<provider>:sub`, `:aud` (the matched audience, which is `azp` when present), `:azp`, `:amr`,
 * `:oaud` (the original `aud` when `azp` moved it), where `<provider>` is the issuer URL without
 * `https://` — `localhost:8443:sub` when it has a port. Trustbridge extension: every other
 * top-level string, number or boolean claim is also `<provider>:<claim>`, so GitLab's
 * `project_path`, `ref_protected` or `environment` can be conditioned on. Plus the global keys that
 * make sense for an unsigned call.
 */
import type { ContextValue, RequestContext } from '../policy/index.js';
import type { JwtClaims } from '../oidc/token.js';
import type { OidcProviderRecord } from '../store/records.js';
import type { SessionTags } from './session-tags.js';
import { ambiguousClaimNames } from './ambiguous-claims.js';

export interface TrustContextInput {
  provider: Pick<OidcProviderRecord, 'url' | 'arn'>;
  claims: JwtClaims;
  /** The audience the verifier matched against the provider's client IDs. */
  audience: string;
  sessionName: string;
  sourceIp: string;
  now: Date;
  tags: SessionTags | undefined;
  sourceIdentity: string | undefined;
}

/** `https://gitlab.example.com` → `gitlab.example.com`, as in the provider ARN. */
export function conditionKeyPrefix(providerUrl: string): string {
  return providerUrl.replace(/^https:\/\//, '');
}

/** Claims whose keys AWS defines itself; a token cannot supply them directly. */
export const STANDARD_CLAIMS: ReadonlySet<string> = new Set(['aud', 'azp', 'amr', 'oaud']);

/** A claim value the context takes as it is: a string, a boolean or a finite number. */
export function isCopiedClaimValue(value: unknown): value is string | boolean | number {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

export function buildTrustContext(input: TrustContextInput): RequestContext {
  const prefix = conditionKeyPrefix(input.provider.url);
  const context: Record<string, ContextValue> = {};
  const ambiguous = ambiguousClaimNames(input.claims);
  const claims = input.claims;
  for (const claim in claims) {
    if (STANDARD_CLAIMS.has(claim) || ambiguous.includes(claim)) continue;
    const value = claims[claim];
    if (isCopiedClaimValue(value)) context[`${prefix}:${claim}`] = value;
  }
  // The standard keys are AWS's, not copies: `:aud` is the matched audience (azp when present),
  // `:oaud` exists only when azp displaced aud, and `:amr` is multivalued.
  const { aud, azp, amr } = input.claims;
  context[`${prefix}:aud`] = input.audience;
  if (typeof azp === 'string') {
    context[`${prefix}:azp`] = azp;
    if (aud !== undefined) context[`${prefix}:oaud`] = stringList(aud);
  }
  if (amr !== undefined) context[`${prefix}:amr`] = stringList(amr);

  context['aws:CurrentTime'] = `${input.now.toISOString().slice(0, 19)}Z`;
  context['aws:EpochTime'] = Math.floor(input.now.getTime() / 1000);
  context['aws:SourceIp'] = input.sourceIp;
  context['aws:FederatedProvider'] = input.provider.arn;
  context['sts:RoleSessionName'] = input.sessionName;
  if (input.sourceIdentity !== undefined) context['sts:SourceIdentity'] = input.sourceIdentity;
  if (input.tags !== undefined) {
    for (const tag of input.tags.tags) context[`aws:RequestTag/${tag.key}`] = tag.value;
    context['aws:TagKeys'] = input.tags.tags.map((t) => t.key);
    context['sts:TransitiveTagKeys'] = input.tags.transitiveTagKeys;
  }
  return context;
}

function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}
