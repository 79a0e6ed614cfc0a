/**
 * Cross-node cache invalidation: every write to an IAM table tells the other nodes, in the same
 * transaction as the write itself, so a node can never learn of a change before it commits nor
 * miss one that did (see src/store/change-feed.ts for the reading side).
 *
 * - SQLite (several processes on one file): triggers bump the one-row counter `iam_changes`,
 *   which each process polls (a point read). SQLite has one writer at a time, so the counter
 *   row costs no contention.
 * - PostgreSQL (several hosts): statement triggers call pg_notify on a channel named for the
 *   schema; NOTIFY is delivered only when the transaction commits. A counter row would make
 *   every pair of concurrent SERIALIZABLE IAM transactions conflict, so there is none.
 *
 * A later migration that adds a table whose rows nodes cache must call `trackIamChanges` on it.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export const IAM_TABLES = [
  'oidc_providers',
  'oidc_provider_client_ids',
  'oidc_provider_thumbprints',
  'oidc_provider_tags',
  'roles',
  'role_tags',
  'role_policies',
  'managed_policies',
  'managed_policy_tags',
  'policy_versions',
  'role_policy_attachments',
  'access_keys',
];

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function trackIamChanges(db: Kysely<unknown>, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`create trigger ${sql.raw(`${table}_iam_changed`)} after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function trustbridge_iam_changed()`.execute(db);
    return;
  }
  for (const event of ['insert', 'update', 'delete']) {
    await sql`create trigger ${sql.raw(`${table}_iam_changed_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
      begin update iam_changes set version = version + 1 where id = 1; end`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    // md5 keeps the channel under PostgreSQL's 63-byte identifier limit for any schema name.
    await sql`create function trustbridge_iam_changed() returns trigger language plpgsql as $$
      begin perform pg_notify('tb_iam_' || md5(TG_TABLE_SCHEMA), ''); return null; end $$`.execute(db);
  } else {
    await db.schema
      .createTable('iam_changes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();
    await sql`insert into iam_changes (id, version) values (1, 0)`.execute(db);
  }
  for (const table of IAM_TABLES) await trackIamChanges(db, table);
}
