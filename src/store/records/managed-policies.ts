/** Customer-managed policies (CreatePolicy): the policy row and its tags; documents live in policy-versions.ts. */
import type { Kysely } from 'kysely';
import type { ManagedPolicyRecord, ManagedPolicyUsage, PolicyVersionRecord } from '../records.js';
import type { Database, ManagedPoliciesTable } from '../schema.js';
import type { RecordContext } from './context.js';
import { policyVersionRecords } from './policy-versions.js';
import { countInAccount, deletedAny, iso, translateUnique } from './rows.js';
import { readTags, writeTags } from './tags.js';

export interface ManagedPolicyFilter {
  pathPrefix?: string;
  onlyAttached?: boolean;
}

export interface ManagedPolicyStore {
  /** Inserts the policy and its first version together. Throws UniqueViolation on a taken name. */
  insertManagedPolicy(policy: ManagedPolicyRecord, firstVersion: PolicyVersionRecord): Promise<void>;
  getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined>;
  getManagedPolicyUsage(arn: string): Promise<ManagedPolicyUsage>;
  /** Sorted by name. */
  listManagedPolicies(accountId: string, filter?: ManagedPolicyFilter): Promise<ManagedPolicyRecord[]>;
  countManagedPolicies(accountId: string): Promise<number>;
  /** Replaces the mutable parts (default version, latest version number, update date, tags). */
  saveManagedPolicy(policy: ManagedPolicyRecord): Promise<void>;
  /** Deletes the policy and all its versions; the caller checks attachments first. */
  deleteManagedPolicy(arn: string): Promise<boolean>;
  /** The default version's document, for session PolicyArns. */
  getManagedPolicyDocument(arn: string): Promise<string | undefined>;
}

export function managedPolicyRecords(ctx: RecordContext): ManagedPolicyStore {
  const { db } = ctx;
  return {
    insertManagedPolicy: (policy, firstVersion) =>
      ctx.atomic(async (tx) => {
        await translateUnique(`policy ${policy.policyName} exists`, () =>
          tx.db
            .insertInto('managed_policies')
            .values({
              arn: policy.arn,
              account_id: policy.accountId,
              policy_id: policy.policyId,
              policy_name: policy.policyName,
              name_key: policy.policyName.toLowerCase(),
              path: policy.path,
              description: policy.description,
              default_version_id: policy.defaultVersionId,
              latest_version_number: policy.latestVersionNumber,
              created_at: iso(policy.createdAt),
              updated_at: iso(policy.updatedAt),
            })
            .execute(),
        );
        await policyVersionRecords(tx).insertPolicyVersion(firstVersion);
        await writeTags(tx.db, 'managed_policy_tags', policy.arn, policy.tags);
      }),

    async getManagedPolicy(arn) {
      const rows = await db.selectFrom('managed_policies').selectAll().where('arn', '=', arn).execute();
      return (await hydrate(db, rows))[0];
    },

    async getManagedPolicyUsage(arn) {
      const attached = await db
        .selectFrom('role_policy_attachments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('policy_arn', '=', arn)
        .executeTakeFirstOrThrow();
      const boundaries = await db
        .selectFrom('roles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('permissions_boundary_arn', '=', arn)
        .executeTakeFirstOrThrow();
      return { attachmentCount: Number(attached.n), permissionsBoundaryUsageCount: Number(boundaries.n) };
    },

    async listManagedPolicies(accountId, filter = {}) {
      let query = db.selectFrom('managed_policies').selectAll().where('account_id', '=', accountId);
      if (filter.onlyAttached) {
        query = query.where('arn', 'in', db.selectFrom('role_policy_attachments').select('policy_arn'));
      }
      const rows = await query.orderBy('name_key').execute();
      const prefix = filter.pathPrefix;
      return hydrate(db, prefix ? rows.filter((r) => r.path.startsWith(prefix)) : rows);
    },

    countManagedPolicies: (accountId) => countInAccount(db, 'managed_policies', accountId),

    saveManagedPolicy: (policy) =>
      ctx.atomic(async (tx) => {
        await tx.db
          .updateTable('managed_policies')
          .set({
            default_version_id: policy.defaultVersionId,
            latest_version_number: policy.latestVersionNumber,
            updated_at: iso(policy.updatedAt),
          })
          .where('arn', '=', policy.arn)
          .execute();
        await writeTags(tx.db, 'managed_policy_tags', policy.arn, policy.tags);
      }),

    async deleteManagedPolicy(arn) {
      return deletedAny(await db.deleteFrom('managed_policies').where('arn', '=', arn).executeTakeFirst());
    },

    async getManagedPolicyDocument(arn) {
      const row = await db
        .selectFrom('managed_policies')
        .innerJoin('policy_versions', (join) =>
          join
            .onRef('policy_versions.policy_arn', '=', 'managed_policies.arn')
            .onRef('policy_versions.version_id', '=', 'managed_policies.default_version_id'),
        )
        .select('policy_versions.document')
        .where('managed_policies.arn', '=', arn)
        .executeTakeFirst();
      return row?.document;
    },
  };
}

async function hydrate(db: Kysely<Database>, rows: ManagedPoliciesTable[]): Promise<ManagedPolicyRecord[]> {
  const tags = await readTags(db, 'managed_policy_tags', rows.map((r) => r.arn));
  return rows.map((row) => ({
    accountId: row.account_id,
    arn: row.arn,
    policyId: row.policy_id,
    policyName: row.policy_name,
    path: row.path,
    description: row.description,
    defaultVersionId: row.default_version_id,
    latestVersionNumber: Number(row.latest_version_number),
    tags: tags.get(row.arn) ?? [],
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }));
}
