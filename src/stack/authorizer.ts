/**
 * Authorises signed calls: admin keys may do anything in their account; an assumed-role session
 * may call an action only where its role's policies (inline and attached) ∩ its session policies
 * allow it, with AWS's AccessDenied text otherwise.
 */
import type { Authorizer } from '../server/index.js';
import { actionResource } from '../iam/action-resource.js';
import { authorizeCall, compilePolicy } from '../policy/index.js';
import type { RolePermissionStore, RoleStore } from '../store/store.js';

/** "No permissions are required to perform this operation" (STS API reference). */
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity']);

export function createAuthorizer(store: RoleStore & RolePermissionStore): Authorizer {
  return async (caller, service, action, params, ctx) => {
    if (caller.kind !== 'assumed-role') {
      authorizeCall({ caller, action: `${service.name}:${action}`, resource: '*', identityPolicies: [] });
      return;
    }
    const qualified = `${service.name}:${action}`;
    if (ALWAYS_ALLOWED.has(qualified)) return;
    const documents = await store.listRolePolicyDocuments(caller.accountId, caller.roleName);
    const identityPolicies = documents.map((d) => compilePolicy(d.document, 'identity'));
    const resource =
      service.name === 'iam'
        ? await actionResource(action, params, caller.accountId, async (name) => (await store.getRole(caller.accountId, name))?.arn)
        : '*';
    authorizeCall({ caller, action: qualified, resource, identityPolicies, now: ctx.now, sourceIp: ctx.sourceIp });
  };
}
