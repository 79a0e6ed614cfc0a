/**
 * Instance profiles, their roles and their tags (migration 0004). Writes that touch several
 * tables are made inside the caller's transaction (IAM runs each action in one).
 */
import type { Kysely } from 'kysely';
import type { InstanceProfileRecord, Tag } from '../records.js';
import type { Database, InstanceProfilesTable } from '../schema.js';

export interface InstanceProfileStore {
  /** Throws the engine's unique violation when the name is taken (case-insensitively). */
  insertInstanceProfile(profile: InstanceProfileRecord): Promise<void>;
  /** Names are matched case-insensitively, as IAM does. */
  getInstanceProfile(accountId: string, name: string): Promise<InstanceProfileRecord | undefined>;
  /** Sorted by name (case-insensitively), optionally under a path prefix. */
  listInstanceProfiles(accountId: string, pathPrefix?: string): Promise<InstanceProfileRecord[]>;
  /** The profiles holding the role, sorted by name. */
  listInstanceProfilesForRole(roleId: string): Promise<InstanceProfileRecord[]>;
  saveInstanceProfileTags(instanceProfileId: string, tags: Tag[]): Promise<void>;
  /** Deletes the profile with its tags; the caller checks first that it holds no role. */
  deleteInstanceProfile(instanceProfileId: string): Promise<void>;
  addRoleToInstanceProfile(instanceProfileId: string, roleId: string): Promise<void>;
  removeRoleFromInstanceProfile(instanceProfileId: string, roleId: string): Promise<void>;
}

export function instanceProfileRecords(db: Kysely<Database>): InstanceProfileStore {
  async function hydrate(rows: InstanceProfilesTable[]): Promise<InstanceProfileRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.instance_profile_id);
    const [links, tags] = await Promise.all([
      db.selectFrom('instance_profile_roles').selectAll().where('instance_profile_id', 'in', ids).execute(),
      db.selectFrom('instance_profile_tags').selectAll().where('owner', 'in', ids).orderBy('position').execute(),
    ]);
    return rows.map((row) => ({
      accountId: row.account_id,
      instanceProfileId: row.instance_profile_id,
      instanceProfileName: row.name,
      path: row.path,
      arn: row.arn,
      roleIds: links.filter((l) => l.instance_profile_id === row.instance_profile_id).map((l) => l.role_id),
      tags: tags.filter((t) => t.owner === row.instance_profile_id).map((t) => ({ key: t.tag_key, value: t.tag_value })),
      createdAt: new Date(row.created_at),
    }));
  }

  async function writeTags(owner: string, tags: Tag[]): Promise<void> {
    await db.deleteFrom('instance_profile_tags').where('owner', '=', owner).execute();
    if (tags.length === 0) return;
    await db
      .insertInto('instance_profile_tags')
      .values(tags.map((t, position) => ({ owner, position, tag_key: t.key, tag_value: t.value })))
      .execute();
  }

  return {
    async insertInstanceProfile(profile) {
      await db
        .insertInto('instance_profiles')
        .values({
          instance_profile_id: profile.instanceProfileId,
          account_id: profile.accountId,
          name: profile.instanceProfileName,
          name_key: profile.instanceProfileName.toLowerCase(),
          path: profile.path,
          arn: profile.arn,
          created_at: profile.createdAt.toISOString(),
        })
        .execute();
      await writeTags(profile.instanceProfileId, profile.tags);
    },

    async getInstanceProfile(accountId, name) {
      const rows = await db.selectFrom('instance_profiles').selectAll().where('account_id', '=', accountId).where('name_key', '=', name.toLowerCase()).execute();
      return (await hydrate(rows))[0];
    },

    async listInstanceProfiles(accountId, pathPrefix) {
      const rows = await db.selectFrom('instance_profiles').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
      return hydrate(pathPrefix === undefined ? rows : rows.filter((r) => r.path.startsWith(pathPrefix)));
    },

    async listInstanceProfilesForRole(roleId) {
      const rows = await db
        .selectFrom('instance_profiles')
        .selectAll()
        .where('instance_profile_id', 'in', db.selectFrom('instance_profile_roles').select('instance_profile_id').where('role_id', '=', roleId))
        .orderBy('name_key')
        .execute();
      return hydrate(rows);
    },

    saveInstanceProfileTags: writeTags,

    async deleteInstanceProfile(instanceProfileId) {
      // Tags and role links cascade.
      await db.deleteFrom('instance_profiles').where('instance_profile_id', '=', instanceProfileId).execute();
    },

    async addRoleToInstanceProfile(instanceProfileId, roleId) {
      await db.insertInto('instance_profile_roles').values({ instance_profile_id: instanceProfileId, role_id: roleId }).execute();
    },

    async removeRoleFromInstanceProfile(instanceProfileId, roleId) {
      await db.deleteFrom('instance_profile_roles').where('instance_profile_id', '=', instanceProfileId).where('role_id', '=', roleId).execute();
    },
  };
}
