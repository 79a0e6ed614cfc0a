/** Inline role policies: PutRolePolicy, GetRolePolicy, ListRolePolicies, DeleteRolePolicy
 * (texts: localstack/localstack tests/aws/services/iam/test_iam_roles.snapshot.json). */
import { encodePolicyDocument } from '../aws/policy-document.js';
import type { ActionHandler } from '../aws/service.js';
import type { IamDeps } from './deps.js';
import { INLINE_POLICIES_MAX, chargedSize, checkInlinePolicy } from './documents.js';
import { POLICY_DOCUMENT, POLICY_NAME, readInputs, type Inputs } from './inputs.js';
import { messages } from './messages.js';
import { paginate, pageTail, readPaging } from './pagination.js';
import { loadRole, readRoleName } from './roles.js';

function readPolicyName(inputs: Inputs): string {
  return inputs.required('PolicyName', POLICY_NAME);
}

export function rolePolicyActions(deps: IamDeps): Record<string, ActionHandler> {
  return {
    async PutRolePolicy(params, ctx) {
      const input = readInputs(params, (i) => ({
        roleName: readRoleName(i),
        policyName: readPolicyName(i),
        document: i.required('PolicyDocument', POLICY_DOCUMENT),
      }));
      checkInlinePolicy(input.document);
      await deps.store.transaction(async (tx) => {
        const role = await loadRole(tx, ctx, input.roleName);
        // The quota covers all of a role's inline policies together, the new one replacing its namesake.
        const others = (await tx.listRolePolicies(role.roleId)).filter((p) => p.policyName !== input.policyName);
        const total = others.reduce((sum, p) => sum + chargedSize(p.document), chargedSize(input.document));
        if (total > INLINE_POLICIES_MAX) throw messages.inlinePoliciesTooLarge(role.roleName);
        await tx.putRolePolicy({ roleId: role.roleId, policyName: input.policyName, document: input.document });
      });
      return undefined;
    },

    async GetRolePolicy(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), policyName: readPolicyName(i) }));
      const role = await loadRole(deps.store, ctx, input.roleName);
      const policy = await deps.store.getRolePolicy(role.roleId, input.policyName);
      if (!policy) throw messages.rolePolicyNotFound(input.policyName);
      return { RoleName: role.roleName, PolicyName: policy.policyName, PolicyDocument: encodePolicyDocument(policy.document) };
    },

    async ListRolePolicies(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), paging: readPaging(i) }));
      const role = await loadRole(deps.store, ctx, input.roleName);
      const names = (await deps.store.listRolePolicies(role.roleId)).map((p) => p.policyName);
      const page = paginate(names, (n) => n, input.paging);
      return { PolicyNames: page.items, ...pageTail(page) };
    },

    async DeleteRolePolicy(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), policyName: readPolicyName(i) }));
      await deps.store.transaction(async (tx) => {
        const role = await loadRole(tx, ctx, input.roleName);
        if (!(await tx.deleteRolePolicy(role.roleId, input.policyName))) throw messages.rolePolicyNotFound(input.policyName);
      });
      return undefined;
    },
  };
}
