/** Managed policies attached to roles: AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies
 * (texts: localstack/localstack tests/aws/services/iam/test_iam_roles.snapshot.json). */
import type { ActionHandler } from '../aws/service.js';
import { materializeAwsManagedPolicy } from './aws-managed-policies.js';
import type { IamDeps } from './deps.js';
import { PATH_PREFIX, POLICY_PATH, readInputs } from './inputs.js';
import { findPolicy, readPolicyArn } from './managed-policies.js';
import { messages } from './messages.js';
import { byKey, paginate, pageTail, readPaging } from './pagination.js';
import { loadRole, readRoleName } from './roles.js';

/**
 * Managed policies per role: 10 by default
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
const MAX_ATTACHED = 10;

export function attachmentActions(deps: IamDeps): Record<string, ActionHandler> {
  return {
    async AttachRolePolicy(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), arn: readPolicyArn(i) }));
      await deps.store.transaction(async (tx) => {
        const role = await loadRole(tx, ctx, input.roleName);
        if (!(await findPolicy(tx, ctx, input.arn))) throw messages.policyNotAttachable(input.arn);
        await materializeAwsManagedPolicy(tx, input.arn);
        const attached = await tx.listAttachedRolePolicies(role.roleId);
        if (attached.some((a) => a.policyArn === input.arn)) return; // idempotent, as on AWS
        if (attached.length >= MAX_ATTACHED) throw messages.tooManyAttachedPolicies();
        await tx.attachRolePolicy(role.roleId, input.arn);
      });
      return undefined;
    },

    async DetachRolePolicy(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), arn: readPolicyArn(i) }));
      await deps.store.transaction(async (tx) => {
        const role = await loadRole(tx, ctx, input.roleName);
        if (!(await findPolicy(tx, ctx, input.arn)) || !(await tx.detachRolePolicy(role.roleId, input.arn))) {
          throw messages.policyNotFound(input.arn);
        }
      });
      return undefined;
    },

    /**
     * Who uses a managed policy (aws_iam_policy_attachment reads it on every refresh). Trustbridge
     * has roles only, so PolicyGroups and PolicyUsers are always empty.
     */
    async ListEntitiesForPolicy(params, ctx) {
      const input = readInputs(params, (i) => ({
        arn: readPolicyArn(i),
        filter: i.optionalEnum('EntityFilter', ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const),
        pathPrefix: i.optional('PathPrefix', PATH_PREFIX),
        usage: i.optionalEnum('PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary'] as const),
        paging: readPaging(i),
      }));
      if (!(await findPolicy(deps.store, ctx, input.arn))) throw messages.policyNotFound(input.arn);
      const wantsRoles = input.filter === undefined || input.filter === 'Role';
      const roles = wantsRoles ? await deps.store.listRoles(ctx.accountId, input.pathPrefix) : [];
      const using = [];
      for (const role of roles) {
        const asBoundary = role.permissionsBoundaryArn === input.arn;
        const asPolicy = input.usage !== 'PermissionsBoundary' && (await deps.store.listAttachedRolePolicies(role.roleId)).some((a) => a.policyArn === input.arn);
        if (asPolicy || (input.usage !== 'PermissionsPolicy' && asBoundary)) using.push(role);
      }
      const page = paginate(using, (r) => r.roleName.toLowerCase(), input.paging);
      return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: page.items.map((r) => ({ RoleName: r.roleName, RoleId: r.roleId })), ...pageTail(page) };
    },

    async ListAttachedRolePolicies(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), pathPrefix: i.optional('PathPrefix', POLICY_PATH), paging: readPaging(i) }));
      const role = await loadRole(deps.store, ctx, input.roleName);
      const key = (a: { policyName: string }) => a.policyName.toLowerCase();
      const attached = (await deps.store.listAttachedRolePolicies(role.roleId))
        .filter((a) => input.pathPrefix === undefined || a.path.startsWith(input.pathPrefix))
        .sort(byKey(key));
      const page = paginate(attached, key, input.paging);
      return { AttachedPolicies: page.items.map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn })), ...pageTail(page) };
    },
  };
}
