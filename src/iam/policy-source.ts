/**
 * What SimulatePrincipalPolicy evaluates for a `PolicySourceArn`: for a role, its inline
 * policies and the default versions of its attached managed policies, plus its trust policy.
 */
import { parseArn } from '../aws/arn.js';
import type { ManagedPolicyStore, RolePermissionStore, RoleStore } from '../store/store.js';

export interface IdentityPolicySource {
  /** Inline: the policy name; managed: the policy ARN. */
  id: string;
  type: 'role' | 'user-managed';
  document: string;
}

export interface PolicySourceLookupResult {
  identityPolicies: IdentityPolicySource[];
  trustPolicy?: string;
  /** The role's permissions boundary: its ARN and its default version's document. */
  permissionsBoundary?: { id: string; document: string };
}

export type PolicySourceLookup = (arn: string) => Promise<PolicySourceLookupResult | undefined>;

/** Undefined when `arn` is not an existing role's ARN (the simulator answers NoSuchEntity). */
export function createPolicySourceLookup(store: RoleStore & RolePermissionStore & Pick<ManagedPolicyStore, 'getManagedPolicyDocument'>): PolicySourceLookup {
  return async (arn) => {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('role/')) return undefined;
    const role = await store.getRoleByArn(arn);
    if (!role) return undefined;
    const documents = await store.listRolePolicyDocuments(role.accountId, role.roleName);
    const boundaryArn = role.permissionsBoundaryArn;
    const boundaryDocument = boundaryArn === null ? undefined : await store.getManagedPolicyDocument(boundaryArn);
    return {
      identityPolicies: documents.map(({ id, type, document }) => ({ id, type, document })),
      trustPolicy: role.assumeRolePolicyDocument,
      ...(boundaryArn !== null && boundaryDocument !== undefined ? { permissionsBoundary: { id: boundaryArn, document: boundaryDocument } } : {}),
    };
  };
}
