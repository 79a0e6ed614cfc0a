/** Instance profiles, their roles and their tags (migration 0004). */
import type { InstanceProfileRecord } from "../records.js";
import type { InstanceProfilesTable } from "../schema.js";
import type { RecordContext } from "./context.js";
import { iso } from "./rows.js";
import { readTags, writeTags } from "./tags.js";

export interface InstanceProfileStore {
  /** Throws the engine's unique violation when the name is taken (case-insensitively). */
  insertInstanceProfile(profile: InstanceProfileRecord): Promise<void>;
  /** Names are matched case-insensitively, as IAM does. */
  getInstanceProfile(
    accountId: string,
    name: string,
  ): Promise<InstanceProfileRecord | undefined>;
  /** Sorted by name (case-insensitively), optionally under a path prefix. */
  listInstanceProfiles(
    accountId: string,
    pathPrefix?: string,
  ): Promise<InstanceProfileRecord[]>;
  /** The profiles holding the role, sorted by name. */
  listInstanceProfilesForRole(roleId: string): Promise<InstanceProfileRecord[]>;
  saveInstanceProfileTags(
    instanceProfileId: string,
    tags: InstanceProfileRecord["tags"],
  ): Promise<void>;
  /** Deletes the profile with its tags; the caller checks first that it holds no role. */
  deleteInstanceProfile(instanceProfileId: string): Promise<void>;
  addRoleToInstanceProfile(
    instanceProfileId: string,
    roleId: string,
  ): Promise<void>;
  removeRoleFromInstanceProfile(
    instanceProfileId: string,
    roleId: string,
  ): Promise<void>;
}

export function instanceProfileRecords(
  ctx: RecordContext,
): InstanceProfileStore {
  const { db } = ctx;
  async function hydrate(
    rows: InstanceProfilesTable[],
  ): Promise<InstanceProfileRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.instance_profile_id);
    const [links, tags] = await Promise.all([
      db
        .selectFrom("instance_profile_roles")
        .selectAll()
        .where("instance_profile_id", "in", ids)
        .execute(),
      readTags(db, "instance_profile_tags", ids),
    ]);
    return rows.map((row) => ({
      accountId: row.account_id,
      instanceProfileId: row.instance_profile_id,
      instanceProfileName: row.name,
      path: row.path,
      arn: row.arn,
      roleIds: links
        .filter((l) => l.instance_profile_id === row.instance_profile_id)
        .map((l) => l.role_id),
      tags: tags.get(row.instance_profile_id) ?? [],
      createdAt: new Date(row.created_at),
    }));
  }

  return {
    insertInstanceProfile: (profile) =>
      ctx.atomic(async (tx) => {
        await tx.db
          .insertInto("instance_profiles")
          .values({
            instance_profile_id: profile.instanceProfileId,
            account_id: profile.accountId,
            name: profile.instanceProfileName,
            name_key: profile.instanceProfileName.toLowerCase(),
            path: profile.path,
            arn: profile.arn,
            created_at: iso(profile.createdAt),
          })
          .execute();
        await writeTags(
          tx.db,
          "instance_profile_tags",
          profile.instanceProfileId,
          profile.tags,
        );
      }),

    async getInstanceProfile(accountId, name) {
      const rows = await db
        .selectFrom("instance_profiles")
        .selectAll()
        .where("account_id", "=", accountId)
        .where("name_key", "=", name.toLowerCase())
        .execute();
      return (await hydrate(rows))[0];
    },

    async listInstanceProfiles(accountId, pathPrefix) {
      const rows = await db
        .selectFrom("instance_profiles")
        .selectAll()
        .where("account_id", "=", accountId)
        .orderBy("name_key")
        .execute();
      return hydrate(
        pathPrefix === undefined
          ? rows
          : rows.filter((r) => r.path.startsWith(pathPrefix)),
      );
    },

    async listInstanceProfilesForRole(roleId) {
      const rows = await db
        .selectFrom("instance_profiles")
        .selectAll()
        .where(
          "instance_profile_id",
          "in",
          db
            .selectFrom("instance_profile_roles")
            .select("instance_profile_id")
            .where("role_id", "=", roleId),
        )
        .orderBy("name_key")
        .execute();
      return hydrate(rows);
    },

    saveInstanceProfileTags: (id, tags) =>
      ctx.atomic((tx) => writeTags(tx.db, "instance_profile_tags", id, tags)),

    async deleteInstanceProfile(instanceProfileId) {
      // Tags and role links cascade.
      await db
        .deleteFrom("instance_profiles")
        .where("instance_profile_id", "=", instanceProfileId)
        .execute();
    },

    async addRoleToInstanceProfile(instanceProfileId, roleId) {
      await db
        .insertInto("instance_profile_roles")
        .values({ instance_profile_id: instanceProfileId, role_id: roleId })
        .execute();
    },

    async removeRoleFromInstanceProfile(instanceProfileId, roleId) {
      await db
        .deleteFrom("instance_profile_roles")
        .where("instance_profile_id", "=", instanceProfileId)
        .where("role_id", "=", roleId)
        .execute();
    },
  };
}
