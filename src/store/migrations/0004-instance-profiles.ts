/**
 * Instance profiles (Terraform's aws_iam_role delete lists and empties them, role.go
 * deleteRoleInstanceProfiles). A role cannot be deleted while a profile holds it: no cascade from
 * roles, IAM answers DeleteConflict first; a profile's role links and tags go with the profile.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_profiles')
    .addColumn('instance_profile_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('instance_profiles_account_name', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('instance_profile_roles')
    .addColumn('instance_profile_id', 'text', (c) => c.notNull().references('instance_profiles.instance_profile_id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.role_id'))
    .addPrimaryKeyConstraint('instance_profile_roles_pk', ['instance_profile_id', 'role_id'])
    .execute();

  await db.schema
    .createTable('instance_profile_tags')
    .addColumn('owner', 'text', (c) => c.notNull().references('instance_profiles.instance_profile_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_profile_tags_pk', ['owner', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['instance_profile_tags', 'instance_profile_roles', 'instance_profiles']) await db.schema.dropTable(table).execute();
}
