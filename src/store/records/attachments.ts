/** Managed policies attached to roles (AttachRolePolicy), kept in attachment order. */
import type { AttachedPolicyRecord } from '../records.js';
import type { RecordContext } from './context.js';
import { deletedAny } from './rows.js';

export interface AttachmentStore {
  /** Idempotent, as AttachRolePolicy is. */
  attachRolePolicy(roleId: string, policyArn: string): Promise<void>;
  detachRolePolicy(roleId: string, policyArn: string): Promise<boolean>;
  /** In attachment order. */
  listAttachedRolePolicies(roleId: string): Promise<AttachedPolicyRecord[]>;
}

export function attachmentRecords(ctx: RecordContext): AttachmentStore {
  const { db } = ctx;
  return {
    attachRolePolicy: (roleId, policyArn) =>
      ctx.atomic(async (tx) => {
        const last = await tx.db
          .selectFrom('role_policy_attachments')
          .select((eb) => eb.fn.max<number | null>('position').as('p'))
          .where('role_id', '=', roleId)
          .executeTakeFirst();
        await tx.db
          .insertInto('role_policy_attachments')
          .values({ role_id: roleId, policy_arn: policyArn, position: Number(last?.p ?? -1) + 1 })
          .onConflict((oc) => oc.columns(['role_id', 'policy_arn']).doNothing())
          .execute();
      }),

    async detachRolePolicy(roleId, policyArn) {
      const result = await db
        .deleteFrom('role_policy_attachments')
        .where('role_id', '=', roleId)
        .where('policy_arn', '=', policyArn)
        .executeTakeFirst();
      return deletedAny(result);
    },

    async listAttachedRolePolicies(roleId) {
      const rows = await db
        .selectFrom('role_policy_attachments')
        .innerJoin('managed_policies', 'managed_policies.arn', 'role_policy_attachments.policy_arn')
        .select(['managed_policies.policy_name', 'managed_policies.arn', 'managed_policies.path'])
        .where('role_policy_attachments.role_id', '=', roleId)
        .orderBy('role_policy_attachments.position')
        .execute();
      return rows.map((row) => ({ policyName: row.policy_name, policyArn: row.arn, path: row.path }));
    },
  };
}
