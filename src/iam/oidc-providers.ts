/**
 * IAM OIDC identity providers
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html), plus
 * Trustbridge's admin-only extension SetOpenIDConnectProviderStaticKeys.
 */
import { AwsError } from '../aws/error.js';
import type { QueryParams } from '../aws/query-params.js';
import { oidcProviderArn } from '../aws/arn.js';
import type { ActionHandler, CallContext } from '../aws/service.js';
import { chainProblemError } from '../oidc/tls-chain-analyse.js';
import type { OidcProviderRecord } from '../store/records.js';
import { UniqueViolation, type OidcProviderStore } from '../store/store.js';
import type { IamDeps } from './deps.js';
import { ARN, CLIENT_ID, CLIENT_ID_LIST, OIDC_URL, TAG_KEY_LIST, THUMBPRINT_LIST, readInputs, type Inputs } from './inputs.js';
import { messages } from './messages.js';
import { paginate, pageTail, readPaging } from './pagination.js';
import { assertUniqueTagKeys, mergeTags, removeTags, sortTags, tagsToWire } from './tags.js';

const MAX_THUMBPRINTS = 5;
const MAX_CLIENT_IDS = 100;
const MAX_PROVIDERS = 100;
/** Static JWKS bounds: the same key-count cap AWS applies to fetched ones (spiffe/spire#4699), and a size cap. */
const MAX_STATIC_KEYS = 100;
const MAX_STATIC_JWKS_BYTES = 64 * 1024;

/**
 * The provider ARN's resource is the URL without its scheme (host, optional port, path, trailing
 * slash kept). Only https URLs without query, fragment or credentials are accepted.
 */
function hostAndPath(url: string): string {
  const invalid = messages.invalidProviderUrl;
  if (!url.startsWith('https://') || /[?#\s]/.test(url)) throw invalid();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid();
  }
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') throw invalid();
  return url.slice('https://'.length);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function readArn(inputs: Inputs): string {
  return inputs.required('OpenIDConnectProviderArn', ARN);
}

async function loadProvider(session: OidcProviderStore, ctx: CallContext, arn: string): Promise<OidcProviderRecord> {
  const provider = await session.getOidcProvider(arn);
  if (!provider || provider.accountId !== ctx.accountId) throw messages.providerNotFound(arn);
  return provider;
}

/** Read-modify-write of one provider in a transaction: `change` may throw to refuse. */
function updateProvider(
  deps: IamDeps,
  ctx: CallContext,
  arn: string,
  change: (current: OidcProviderRecord) => OidcProviderRecord,
): Promise<undefined> {
  return deps.store.transaction(async (tx) => {
    await tx.saveOidcProvider(change(await loadProvider(tx, ctx, arn)));
    return undefined;
  });
}

async function thumbprintFor(deps: IamDeps, url: string): Promise<string> {
  if (!deps.fetchThumbprint) throw chainProblemError(url);
  try {
    return await deps.fetchThumbprint(url);
  } catch (err) {
    if (err instanceof AwsError) throw err;
    throw chainProblemError(url);
  }
}

/** Accepts a JWKS document: an object whose "keys" is an array of JWK objects with a "kty". */
function checkStaticJwks(jwks: string): void {
  const refuse = () => messages.invalidJwks();
  if (Buffer.byteLength(jwks, 'utf8') > MAX_STATIC_JWKS_BYTES) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch {
    throw refuse();
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_STATIC_KEYS) throw refuse();
  for (const key of keys) {
    if (typeof key !== 'object' || key === null || typeof (key as { kty?: unknown }).kty !== 'string') throw refuse();
  }
}

export function oidcProviderActions(deps: IamDeps): Record<string, ActionHandler> {
  return {
    async CreateOpenIDConnectProvider(params: QueryParams, ctx: CallContext) {
      const input = readInputs(params, (i) => ({
        url: i.required('Url', OIDC_URL),
        clientIds: i.list('ClientIDList', CLIENT_ID_LIST),
        thumbprints: i.list('ThumbprintList', THUMBPRINT_LIST),
        tags: i.tags(),
      }));
      const arn = oidcProviderArn(ctx.accountId, hostAndPath(input.url));
      if ((input.thumbprints?.length ?? 0) > MAX_THUMBPRINTS) throw messages.tooManyThumbprints();
      const clientIds = unique(input.clientIds ?? []);
      if (clientIds.length > MAX_CLIENT_IDS) throw messages.tooManyClientIds();
      const tags = input.tags ?? [];
      assertUniqueTagKeys(tags, 'insensitive');
      // Refuse a duplicate before contacting the issuer, and again atomically below.
      if (await deps.store.getOidcProvider(arn)) throw messages.providerExists(input.url);
      const thumbprints = input.thumbprints?.length ? input.thumbprints : [await thumbprintFor(deps, input.url)];

      const provider: OidcProviderRecord = {
        accountId: ctx.accountId,
        arn,
        url: input.url,
        clientIds,
        thumbprints,
        tags,
        createdAt: ctx.now,
        staticJwks: null,
      };
      await deps.store.transaction(async (tx) => {
        if ((await tx.countOidcProviders(ctx.accountId)) >= MAX_PROVIDERS) throw messages.tooManyProviders();
        try {
          await tx.insertOidcProvider(provider);
        } catch (err) {
          if (err instanceof UniqueViolation) throw messages.providerExists(input.url);
          throw err;
        }
      });
      return { OpenIDConnectProviderArn: arn, Tags: tags.length > 0 ? tagsToWire(sortTags(tags)) : undefined };
    },

    async GetOpenIDConnectProvider(params, ctx) {
      const arn = readInputs(params, readArn);
      const provider = await loadProvider(deps.store, ctx, arn);
      return {
        // Url comes back without its scheme (test_iam_oidc.snapshot.json).
        Url: provider.url.slice('https://'.length),
        ClientIDList: provider.clientIds,
        ThumbprintList: provider.thumbprints,
        CreateDate: provider.createdAt,
        Tags: tagsToWire(sortTags(provider.tags)),
      };
    },

    async ListOpenIDConnectProviders(_params, ctx) {
      const providers = await deps.store.listOidcProviders(ctx.accountId);
      return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: p.arn })) };
    },

    async DeleteOpenIDConnectProvider(params, ctx) {
      const arn = readInputs(params, readArn);
      const provider = await deps.store.getOidcProvider(arn);
      // Real AWS answers a second delete with NoSuchEntity, despite the model's "idempotent"
      // (localstack/localstack tests/aws/services/iam/test_iam_oidc.snapshot.json).
      if (!provider || provider.accountId !== ctx.accountId || !(await deps.store.deleteOidcProvider(arn))) {
        throw messages.providerNotFoundOnDelete(arn);
      }
      return undefined;
    },

    async AddClientIDToOpenIDConnectProvider(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readArn(i), clientId: i.required('ClientID', CLIENT_ID) }));
      return updateProvider(deps, ctx, input.arn, (p) => {
        if (p.clientIds.includes(input.clientId)) return p;
        if (p.clientIds.length >= MAX_CLIENT_IDS) throw messages.tooManyClientIds();
        return { ...p, clientIds: [...p.clientIds, input.clientId] };
      });
    },

    async RemoveClientIDFromOpenIDConnectProvider(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readArn(i), clientId: i.required('ClientID', CLIENT_ID) }));
      return updateProvider(deps, ctx, input.arn, (p) => ({ ...p, clientIds: p.clientIds.filter((c) => c !== input.clientId) }));
    },

    async UpdateOpenIDConnectProviderThumbprint(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readArn(i), thumbprints: i.list('ThumbprintList', THUMBPRINT_LIST, true) ?? [] }));
      if (input.thumbprints.length > MAX_THUMBPRINTS) throw messages.tooManyThumbprints();
      // The new list replaces the old one (the model doc of UpdateOpenIDConnectProviderThumbprint).
      return updateProvider(deps, ctx, input.arn, (p) => ({ ...p, thumbprints: input.thumbprints }));
    },

    async TagOpenIDConnectProvider(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readArn(i), tags: i.tags('Tags', true) ?? [] }));
      return updateProvider(deps, ctx, input.arn, (p) => ({ ...p, tags: mergeTags(p.tags, input.tags, 'insensitive') }));
    },

    async UntagOpenIDConnectProvider(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readArn(i), keys: i.list('TagKeys', TAG_KEY_LIST, true) ?? [] }));
      return updateProvider(deps, ctx, input.arn, (p) => ({ ...p, tags: removeTags(p.tags, input.keys, 'insensitive') }));
    },

    async ListOpenIDConnectProviderTags(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readArn(i), paging: readPaging(i) }));
      const provider = await loadProvider(deps.store, ctx, input.arn);
      const page = paginate(sortTags(provider.tags), (t) => t.key, input.paging);
      return { Tags: tagsToWire(page.items), ...pageTail(page) };
    },

    /**
     * Trustbridge extension (no AWS equivalent): keep a JWKS with the provider so STS verifies
     * tokens from an issuer it cannot reach (GitLab issue 391928). Params: OpenIDConnectProviderArn,
     * Jwks (JSON text; omitted or empty clears it). Admin credentials only: it replaces the keys
     * that decide who may assume roles, which no role policy should be able to grant.
     */
    async SetOpenIDConnectProviderStaticKeys(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readArn(i), jwks: params.string('Jwks') }));
      if (ctx.caller.kind !== 'admin') {
        const who = ctx.caller.kind === 'anonymous' ? 'anonymous' : ctx.caller.arn;
        throw new AwsError('AccessDenied', `User: ${who} is not authorized to perform: iam:SetOpenIDConnectProviderStaticKeys on resource: ${input.arn}`, 403);
      }
      const jwks = input.jwks === undefined || input.jwks === '' ? null : input.jwks;
      if (jwks !== null) checkStaticJwks(jwks);
      return updateProvider(deps, ctx, input.arn, (p) => ({ ...p, staticJwks: jwks }));
    },
  };
}
