/** Inline role policies (PutRolePolicy): documents embedded in one role, keyed by name. */
import type { InlinePolicyRecord } from '../records.js';
import type { RolePoliciesTable } from '../schema.js';
import type { RecordContext } from './context.js';
import { deletedAny } from './rows.js';

export interface RolePolicyStore {
  /** Creates or replaces the role's policy of that name. */
  putRolePolicy(policy: InlinePolicyRecord): Promise<void>;
  getRolePolicy(roleId: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  /** Sorted by policy name. */
  listRolePolicies(roleId: string): Promise<InlinePolicyRecord[]>;
  deleteRolePolicy(roleId: string, policyName: string): Promise<boolean>;
}

export function rolePolicyRecords({ db }: RecordContext): RolePolicyStore {
  return {
    async putRolePolicy(policy) {
      await db
        .insertInto('role_policies')
        .values({ role_id: policy.roleId, policy_name: policy.policyName, document: policy.document })
        .onConflict((oc) => oc.columns(['role_id', 'policy_name']).doUpdateSet({ document: policy.document }))
        .execute();
    },

    async getRolePolicy(roleId, policyName) {
      const row = await db
        .selectFrom('role_policies')
        .selectAll()
        .where('role_id', '=', roleId)
        .where('policy_name', '=', policyName)
        .executeTakeFirst();
      return row && fromRow(row);
    },

    async listRolePolicies(roleId) {
      const rows = await db.selectFrom('role_policies').selectAll().where('role_id', '=', roleId).orderBy('policy_name').execute();
      return rows.map(fromRow);
    },

    async deleteRolePolicy(roleId, policyName) {
      const result = await db
        .deleteFrom('role_policies')
        .where('role_id', '=', roleId)
        .where('policy_name', '=', policyName)
        .executeTakeFirst();
      return deletedAny(result);
    },
  };
}

function fromRow(row: RolePoliciesTable): InlinePolicyRecord {
  return { roleId: row.role_id, policyName: row.policy_name, document: row.document };
}
