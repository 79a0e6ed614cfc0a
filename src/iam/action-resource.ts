/**
 * The resource an IAM action acts on, for authorising assumed-role callers. AWS names it in its
 * AccessDenied text ("… on resource: arn:aws:iam::ACCT:role/x …") and matches policies'
 * `Resource` against it; see the IAM service authorization reference's resource types per action.
 */
import { instanceProfileArn, oidcProviderArn, policyArn, roleArn } from '../aws/arn.js';
import type { QueryParams } from '../aws/query-params.js';

/** Finds a role's ARN (with its path) when the role exists, since the request carries only the name. */
export type RoleArnLookup = (roleName: string) => Promise<string | undefined>;

const ROLE_ACTIONS = new Set([
  'GetRole', 'UpdateRole', 'UpdateAssumeRolePolicy', 'DeleteRole', 'TagRole', 'UntagRole', 'ListRoleTags',
  'PutRolePolicy', 'GetRolePolicy', 'ListRolePolicies', 'DeleteRolePolicy',
  'AttachRolePolicy', 'DetachRolePolicy', 'ListAttachedRolePolicies',
  'UpdateRoleDescription', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary', 'ListInstanceProfilesForRole',
]);

const POLICY_ACTIONS = new Set([
  'GetPolicy', 'DeletePolicy', 'CreatePolicyVersion', 'GetPolicyVersion', 'ListPolicyVersions',
  'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'TagPolicy', 'UntagPolicy', 'ListPolicyTags', 'ListEntitiesForPolicy',
]);

const INSTANCE_PROFILE_ACTIONS = new Set([
  'CreateInstanceProfile', 'GetInstanceProfile', 'DeleteInstanceProfile', 'AddRoleToInstanceProfile',
  'RemoveRoleFromInstanceProfile', 'TagInstanceProfile', 'UntagInstanceProfile', 'ListInstanceProfileTags',
]);

const PROVIDER_ACTIONS = new Set([
  'GetOpenIDConnectProvider', 'DeleteOpenIDConnectProvider', 'AddClientIDToOpenIDConnectProvider',
  'RemoveClientIDFromOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint',
  'TagOpenIDConnectProvider', 'UntagOpenIDConnectProvider', 'ListOpenIDConnectProviderTags',
]);

export async function actionResource(
  action: string,
  params: QueryParams,
  accountId: string,
  lookupRoleArn: RoleArnLookup,
): Promise<string> {
  if (action === 'CreateRole') {
    return roleArn(accountId, params.string('RoleName') ?? '', params.string('Path') ?? '/');
  }
  if (ROLE_ACTIONS.has(action)) {
    const name = params.string('RoleName') ?? '';
    return (await lookupRoleArn(name)) ?? roleArn(accountId, name);
  }
  if (INSTANCE_PROFILE_ACTIONS.has(action)) {
    // The path is not in the request; a profile under a path is matched by its name alone here.
    return instanceProfileArn(accountId, params.string('InstanceProfileName') ?? '', params.string('Path') ?? '/');
  }
  if (action === 'CreatePolicy') {
    return policyArn(accountId, params.string('PolicyName') ?? '', params.string('Path') ?? '/');
  }
  if (POLICY_ACTIONS.has(action)) return params.string('PolicyArn') ?? '*';
  if (action === 'CreateOpenIDConnectProvider') {
    return oidcProviderArn(accountId, (params.string('Url') ?? '').replace(/^https:\/\//, ''));
  }
  if (PROVIDER_ACTIONS.has(action)) return params.string('OpenIDConnectProviderArn') ?? '*';
  if (action === 'SimulatePrincipalPolicy') return params.string('PolicySourceArn') ?? '*';
  // List actions and the rest act on the account as a whole.
  return '*';
}
