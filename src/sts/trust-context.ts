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

/**
 * `<prefix>:<claim>`, made once per provider and claim name. Every call builds its context from
 * some twenty claims whose names recur from token to token, and the record keeps it compacted
 * (recorded-context.ts): concatenating and interning those keys afresh twice a call showed in
 * the profile. Bounded, as claim names come from tokens: past the bound a key is simply made.
 */
const claimKeys = new Map<string, Map<string, string>>();
const MAX_PREFIXES = 64;
const MAX_CLAIMS_PER_PREFIX = 256;

export function claimKey(prefix: string, claim: string): string {
  let keys = claimKeys.get(prefix);
  if (keys === undefined) {
    keys = new Map();
    if (claimKeys.size < MAX_PREFIXES) claimKeys.set(prefix, keys);
  }
  let key = keys.get(claim);
  if (key === undefined) {
    key = `${prefix}:${claim}`;
    if (keys.size < MAX_CLAIMS_PER_PREFIX) keys.set(claim, key);
  }
  return key;
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
    if (isCopiedClaimValue(value)) context[claimKey(prefix, claim)] = value;
  }
  // The standard keys are AWS's, not copies: `:aud` is the matched audience (azp when present),
  // `:oaud` exists only when azp displaced aud, and `:amr` is multivalued.
  const { aud, azp, amr } = input.claims;
  context[claimKey(prefix, 'aud')] = input.audience;
  if (typeof azp === 'string') {
    context[claimKey(prefix, 'azp')] = azp;
    if (aud !== undefined) context[claimKey(prefix, 'oaud')] = stringList(aud);
  }
  if (amr !== undefined) context[claimKey(prefix, 'amr')] = stringList(amr);

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
