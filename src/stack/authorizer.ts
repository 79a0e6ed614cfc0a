/**
 * Authorises signed calls: admin keys may do anything in their account; an assumed-role session
 * may call an action only where its role's policies (inline and attached) ∩ its role's permissions
 * boundary ∩ its session policies allow it, with AWS's AccessDenied text otherwise.
 */
import type { Authorizer } from '../server/index.js';
import { actionResource } from '../iam/action-resource.js';
import { POLICY_GRANTING_NOTHING, authorizeCall, compilePolicy } from '../policy/index.js';
import type { ManagedPolicyStore, RolePermissionStore, RoleStore } from '../store/store.js';
import type { RoleRecord } from '../store/records.js';
import type { Caller } from '../aws/service.js';
import type { QueryParams } from '../aws/query-params.js';

/** "No permissions are required to perform this operation" (STS API reference). */
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity']);

/**
 * A session belongs to the role id sealed in its token (its UserId is `AROA…:session`), not to
 * whichever role now bears the name: AWS gives a deleted role's sessions no permissions even when
 * a role of the same name is created again (IAM user guide, "Unique identifiers",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
 */
async function boundRole(store: Pick<RoleStore, 'getRole'>, caller: Extract<Caller, { kind: 'assumed-role' }>): Promise<RoleRecord | undefined> {
  const role = await store.getRole(caller.accountId, caller.roleName);
  const sealedRoleId = caller.userId.slice(0, caller.userId.indexOf(':'));
  return role !== undefined && role.roleId === sealedRoleId ? role : undefined;
}


/**
 * sts:AssumeRole also needs sts:TagSession on the role when it passes tags, and
 * sts:SetSourceIdentity when the new session carries one (set now or inherited along the chain),
 * in the caller's permissions as in the trust policy (IAM user guide, id_session-tags and
 * id_credentials_temp_control-access_monitor).
 */
function alsoNeeded(action: string, params: QueryParams, caller: Extract<Caller, { kind: 'assumed-role' }>): string[] {
  if (action !== 'sts:AssumeRole') return [];
  const extra: string[] = [];
  if ((params.members('Tags') ?? []).length > 0) extra.push('sts:TagSession');
  if (params.string('SourceIdentity') !== undefined || (caller.sourceIdentity ?? null) !== null) extra.push('sts:SetSourceIdentity');
  return extra;
}

export function createAuthorizer(store: Pick<RoleStore, 'getRole'> & RolePermissionStore & Pick<ManagedPolicyStore, 'getManagedPolicyDocument'>): Authorizer {
  return async (caller, service, action, params, ctx) => {
    if (caller.kind !== 'assumed-role') {
      authorizeCall({ caller, action: `${service.name}:${action}`, resource: '*', identityPolicies: [] });
      return;
    }
    const qualified = `${service.name}:${action}`;
    if (ALWAYS_ALLOWED.has(qualified)) return;
    const role = await boundRole(store, caller);
    const documents = role !== undefined ? await store.listRolePolicyDocuments(caller.accountId, caller.roleName) : [];
    const identityPolicies = documents.map((d) => compilePolicy(d.document, 'identity'));
    const boundaryArn = role?.permissionsBoundaryArn ?? null;
    const permissionsBoundary =
      boundaryArn === null ? undefined : compilePolicy((await store.getManagedPolicyDocument(boundaryArn)) ?? POLICY_GRANTING_NOTHING, 'identity', boundaryArn);
    const resource =
      service.name === 'iam'
        ? await actionResource(action, params, caller.accountId, async (name) => (await store.getRole(caller.accountId, name))?.arn)
        : qualified === 'sts:AssumeRole'
          ? (params.string('RoleArn') ?? '*')
          : '*';
    for (const needed of [qualified, ...alsoNeeded(qualified, params, caller)]) {
      authorizeCall({ caller, action: needed, resource, identityPolicies, ...(permissionsBoundary ? { permissionsBoundary } : {}), now: ctx.now, sourceIp: ctx.sourceIp });
    }
  };
}
