/**
 * A read across records: the permission policies in force for a role (its inline policies, then
 * the default versions of its attached managed policies), as call authorisation and the
 * simulator need them.
 */
import type { RolePolicyDocument } from '../records.js';
import type { RecordContext } from './context.js';
import { rolePolicyRecords } from './role-policies.js';
import { roleRecords } from './roles.js';

export interface RolePermissionStore {
  /** Inline policies and the default versions of attached managed policies, for authorisation. */
  listRolePolicyDocuments(accountId: string, roleName: string): Promise<RolePolicyDocument[]>;
}

export function rolePermissionRecords(ctx: RecordContext): RolePermissionStore {
  const { db } = ctx;
  return {
    async listRolePolicyDocuments(accountId, roleName) {
      const role = await roleRecords(ctx).getRole(accountId, roleName);
      if (!role) return [];
      const inline = await rolePolicyRecords(ctx).listRolePolicies(role.roleId);
      const managed = await db
        .selectFrom('role_policy_attachments')
        .innerJoin('managed_policies', 'managed_policies.arn', 'role_policy_attachments.policy_arn')
        .innerJoin('policy_versions', (join) =>
          join
            .onRef('policy_versions.policy_arn', '=', 'managed_policies.arn')
            .onRef('policy_versions.version_id', '=', 'managed_policies.default_version_id'),
        )
        .select(['managed_policies.arn', 'managed_policies.policy_name', 'policy_versions.document'])
        .where('role_policy_attachments.role_id', '=', role.roleId)
        .orderBy('role_policy_attachments.position')
        .execute();
      return [
        ...inline.map((p): RolePolicyDocument => ({ id: p.policyName, type: 'role', name: p.policyName, document: p.document })),
        ...managed.map((p): RolePolicyDocument => ({ id: p.arn, type: 'user-managed', name: p.policy_name, document: p.document })),
      ];
    },
  };
}
