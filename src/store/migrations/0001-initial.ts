/**
 * The first schema. Written with Kysely's schema builder only, so the same module creates the
 * same tables on SQLite and PostgreSQL. Foreign keys: child rows (client ids, tags, versions)
 * cascade with their parent; a role cannot be deleted while it still has policies and a
 * managed policy cannot be deleted while attached (no cascade there — IAM refuses those with
 * DeleteConflict, and the constraint is the last line of defence if a check is ever missed).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_providers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('static_jwks', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('oidc_providers_account_url', ['account_id', 'url'])
    .execute();

  for (const table of ['oidc_provider_client_ids', 'oidc_provider_thumbprints']) {
    await db.schema
      .createTable(table)
      .addColumn('provider_arn', 'text', (c) => c.notNull().references('oidc_providers.arn').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['provider_arn', 'position'])
      .execute();
  }

  await db.schema
    .createTable('roles')
    .addColumn('role_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('trust_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('permissions_boundary_arn', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('roles_account_name', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('role_policies')
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.role_id'))
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_policies_pk', ['role_id', 'policy_name'])
    .execute();

  await db.schema
    .createTable('managed_policies')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull().unique())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_version_id', 'text', (c) => c.notNull())
    .addColumn('latest_version_number', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('managed_policies_account_name', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('policy_arn', 'text', (c) => c.notNull().references('managed_policies.arn').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_versions_pk', ['policy_arn', 'version_id'])
    .execute();

  await db.schema
    .createTable('role_policy_attachments')
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.role_id'))
    .addColumn('policy_arn', 'text', (c) => c.notNull().references('managed_policies.arn'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_policy_attachments_pk', ['role_id', 'policy_arn'])
    .execute();
  await db.schema.createIndex('role_policy_attachments_policy').on('role_policy_attachments').column('policy_arn').execute();

  const tagOwners = [
    ['oidc_provider_tags', 'oidc_providers.arn'],
    ['role_tags', 'roles.role_id'],
    ['managed_policy_tags', 'managed_policies.arn'],
  ] as const;
  for (const [table, owner] of tagOwners) {
    await db.schema
      .createTable(table)
      .addColumn('owner', 'text', (c) => c.notNull().references(owner).onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('tag_key', 'text', (c) => c.notNull())
      .addColumn('tag_value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['owner', 'position'])
      .execute();
  }

  await db.schema
    .createTable('access_keys')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('provider_arn', 'text')
    .addColumn('issuer', 'text')
    .addColumn('subject', 'text')
    .addColumn('session_name', 'text')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('matched_statement', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_account_time').on('decisions').columns(['account_id', 'time']).execute();
  await db.schema.createIndex('decisions_role_time').on('decisions').columns(['role_arn', 'time']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'decisions', 'access_keys', 'managed_policy_tags', 'role_tags', 'oidc_provider_tags', 'role_policy_attachments',
    'policy_versions', 'managed_policies', 'role_policies', 'roles', 'oidc_provider_thumbprints',
    'oidc_provider_client_ids', 'oidc_providers',
  ];
  for (const table of tables) await db.schema.dropTable(table).execute();
}
