/** OIDC identity providers (CreateOpenIDConnectProvider): the provider row, its client ids, thumbprints and tags. */
import type { Kysely } from 'kysely';
import type { OidcProviderRecord } from '../records.js';
import type { Database, OidcProvidersTable, ProviderValueTableName } from '../schema.js';
import type { RecordContext } from './context.js';
import { chunks, countInAccount, deletedAny, iso, translateUnique } from './rows.js';
import { readTags, writeTags } from './tags.js';

export interface OidcProviderStore {
  /** Throws UniqueViolation when the account already has a provider for this URL. */
  insertOidcProvider(provider: OidcProviderRecord): Promise<void>;
  getOidcProvider(arn: string): Promise<OidcProviderRecord | undefined>;
  /** Exact, case-sensitive match on the registered URL (scheme included), as STS matches `iss`. */
  findOidcProviderByUrl(accountId: string, url: string): Promise<OidcProviderRecord | undefined>;
  listOidcProviders(accountId: string): Promise<OidcProviderRecord[]>;
  countOidcProviders(accountId: string): Promise<number>;
  /** Replaces the mutable parts (client ids, thumbprints, tags, static JWKS). */
  saveOidcProvider(provider: OidcProviderRecord): Promise<void>;
  deleteOidcProvider(arn: string): Promise<boolean>;
}

export function oidcProviderRecords(ctx: RecordContext): OidcProviderStore {
  const { db } = ctx;
  return {
    insertOidcProvider: (provider) =>
      ctx.atomic(async (tx) => {
        await translateUnique(`provider ${provider.url} exists`, () =>
          tx.db
            .insertInto('oidc_providers')
            .values({
              arn: provider.arn,
              account_id: provider.accountId,
              url: provider.url,
              static_jwks: provider.staticJwks,
              created_at: iso(provider.createdAt),
            })
            .execute(),
        );
        await writeChildren(tx.db, provider);
      }),

    async getOidcProvider(arn) {
      const rows = await db.selectFrom('oidc_providers').selectAll().where('arn', '=', arn).execute();
      return (await hydrate(db, rows))[0];
    },

    async findOidcProviderByUrl(accountId, url) {
      const rows = await db.selectFrom('oidc_providers').selectAll().where('account_id', '=', accountId).where('url', '=', url).execute();
      return (await hydrate(db, rows))[0];
    },

    async listOidcProviders(accountId) {
      const rows = await db.selectFrom('oidc_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();
      return hydrate(db, rows);
    },

    countOidcProviders: (accountId) => countInAccount(db, 'oidc_providers', accountId),

    saveOidcProvider: (provider) =>
      ctx.atomic(async (tx) => {
        await tx.db.updateTable('oidc_providers').set({ static_jwks: provider.staticJwks }).where('arn', '=', provider.arn).execute();
        await writeChildren(tx.db, provider);
      }),

    async deleteOidcProvider(arn) {
      return deletedAny(await db.deleteFrom('oidc_providers').where('arn', '=', arn).executeTakeFirst());
    },
  };
}

async function hydrate(db: Kysely<Database>, rows: OidcProvidersTable[]): Promise<OidcProviderRecord[]> {
  const arns = rows.map((r) => r.arn);
  const [clientIds, thumbprints, tags] = await Promise.all([
    readValues(db, 'oidc_provider_client_ids', arns),
    readValues(db, 'oidc_provider_thumbprints', arns),
    readTags(db, 'oidc_provider_tags', arns),
  ]);
  return rows.map((row) => ({
    accountId: row.account_id,
    arn: row.arn,
    url: row.url,
    clientIds: clientIds.get(row.arn) ?? [],
    thumbprints: thumbprints.get(row.arn) ?? [],
    tags: tags.get(row.arn) ?? [],
    createdAt: new Date(row.created_at),
    staticJwks: row.static_jwks,
  }));
}

async function writeChildren(db: Kysely<Database>, provider: OidcProviderRecord): Promise<void> {
  await writeValues(db, 'oidc_provider_client_ids', provider.arn, provider.clientIds);
  await writeValues(db, 'oidc_provider_thumbprints', provider.arn, provider.thumbprints);
  await writeTags(db, 'oidc_provider_tags', provider.arn, provider.tags);
}

/** Client ids and thumbprints: ordered string lists per provider. */
async function readValues(db: Kysely<Database>, table: ProviderValueTableName, arns: string[]): Promise<Map<string, string[]>> {
  const byArn = new Map<string, string[]>(arns.map((a) => [a, []]));
  for (const part of chunks(arns)) {
    const rows = await db.selectFrom(table).selectAll().where('provider_arn', 'in', part).orderBy('position').execute();
    for (const row of rows) byArn.get(row.provider_arn)?.push(row.value);
  }
  return byArn;
}

async function writeValues(db: Kysely<Database>, table: ProviderValueTableName, arn: string, values: string[]): Promise<void> {
  await db.deleteFrom(table).where('provider_arn', '=', arn).execute();
  if (values.length === 0) return;
  await db
    .insertInto(table)
    .values(values.map((value, position) => ({ provider_arn: arn, position, value })))
    .execute();
}
