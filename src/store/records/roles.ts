/** IAM roles (CreateRole): the role row and its tags. Inline and attached policies have their own modules. */
import type { Kysely } from 'kysely';
import type { RoleRecord } from '../records.js';
import type { Database, RolesTable } from '../schema.js';
import type { RecordContext } from './context.js';
import { countInAccount, deletedAny, iso, translateUnique } from './rows.js';
import { readTags, writeTags } from './tags.js';

export interface RoleStore {
  /** Throws UniqueViolation when the name is taken (names are unique case-insensitively). */
  insertRole(role: RoleRecord): Promise<void>;
  /** Role names are matched case-insensitively, as IAM does. */
  getRole(accountId: string, roleName: string): Promise<RoleRecord | undefined>;
  getRoleByArn(arn: string): Promise<RoleRecord | undefined>;
  /** Sorted by name (case-insensitively), optionally under a path prefix. */
  listRoles(accountId: string, pathPrefix?: string): Promise<RoleRecord[]>;
  countRoles(accountId: string): Promise<number>;
  /** Replaces the mutable parts (trust policy, description, max session, boundary, tags). */
  saveRole(role: RoleRecord): Promise<void>;
  /** Deletes the role; the caller checks first that no policies remain. */
  deleteRole(roleId: string): Promise<boolean>;
}

export function roleRecords(ctx: RecordContext): RoleStore {
  const { db } = ctx;
  return {
    insertRole: (role) =>
      ctx.atomic(async (tx) => {
        await translateUnique(`role ${role.roleName} exists`, () =>
          tx.db
            .insertInto('roles')
            .values({
              role_id: role.roleId,
              account_id: role.accountId,
              role_name: role.roleName,
              name_key: role.roleName.toLowerCase(),
              path: role.path,
              arn: role.arn,
              trust_policy: role.assumeRolePolicyDocument,
              description: role.description,
              max_session_duration: role.maxSessionDuration,
              permissions_boundary_arn: role.permissionsBoundaryArn,
              created_at: iso(role.createdAt),
            })
            .execute(),
        );
        await writeTags(tx.db, 'role_tags', role.roleId, role.tags);
      }),

    async getRole(accountId, roleName) {
      const rows = await db
        .selectFrom('roles')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('name_key', '=', roleName.toLowerCase())
        .execute();
      return (await hydrate(db, rows))[0];
    },

    async getRoleByArn(arn) {
      const rows = await db.selectFrom('roles').selectAll().where('arn', '=', arn).execute();
      return (await hydrate(db, rows))[0];
    },

    async listRoles(accountId, pathPrefix) {
      const rows = await db.selectFrom('roles').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
      // Prefix filtering in code: LIKE is case-insensitive on SQLite and treats _ and % specially.
      return hydrate(db, pathPrefix ? rows.filter((r) => r.path.startsWith(pathPrefix)) : rows);
    },

    countRoles: (accountId) => countInAccount(db, 'roles', accountId),

    saveRole: (role) =>
      ctx.atomic(async (tx) => {
        await tx.db
          .updateTable('roles')
          .set({
            trust_policy: role.assumeRolePolicyDocument,
            description: role.description,
            max_session_duration: role.maxSessionDuration,
            permissions_boundary_arn: role.permissionsBoundaryArn,
          })
          .where('role_id', '=', role.roleId)
          .execute();
        await writeTags(tx.db, 'role_tags', role.roleId, role.tags);
      }),

    async deleteRole(roleId) {
      // Tags go with it (ON DELETE CASCADE); policies must already be gone (no cascade there).
      return deletedAny(await db.deleteFrom('roles').where('role_id', '=', roleId).executeTakeFirst());
    },
  };
}

async function hydrate(db: Kysely<Database>, rows: RolesTable[]): Promise<RoleRecord[]> {
  const tags = await readTags(db, 'role_tags', rows.map((r) => r.role_id));
  return rows.map((row) => ({
    accountId: row.account_id,
    roleId: row.role_id,
    roleName: row.role_name,
    path: row.path,
    arn: row.arn,
    assumeRolePolicyDocument: row.trust_policy,
    description: row.description,
    maxSessionDuration: Number(row.max_session_duration),
    permissionsBoundaryArn: row.permissions_boundary_arn,
    tags: tags.get(row.role_id) ?? [],
    createdAt: new Date(row.created_at),
  }));
}
