/**
 * Records → IAM result structures, members in the model's order (botocore service-2.json), and
 * with exactly the members each action's real response carries (LocalStack's real-AWS snapshots,
 * localstack/localstack tests/aws/services/iam/*.snapshot.json): e.g. CreateRole has neither
 * Description (a recorded response, issue 13), MaxSessionDuration nor RoleLastUsed, GetRole has both, ListRoles items have MaxSessionDuration
 * only; CreatePolicy has no Description, GetPolicy always has Tags, ListPolicies items have
 * neither.
 */
import { encodePolicyDocument } from '../aws/policy-document.js';
import type { WireStruct } from '../aws/shape.js';
import type { ManagedPolicyRecord, ManagedPolicyUsage, PolicyVersionRecord, RoleRecord } from '../store/records.js';
import { tagsToWire } from './tags.js';

export type View = 'create' | 'get' | 'list';

export function roleToWire(role: RoleRecord, view: View): WireStruct {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createdAt,
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicyDocument),
    // A recorded CreateRole response leaves Description out even when one was given (issue 13).
    Description: view === 'create' ? undefined : (role.description ?? undefined),
    MaxSessionDuration: view === 'create' ? undefined : role.maxSessionDuration,
    // AWS sends the type "Policy" although the model's enum says PermissionsBoundaryPolicy
    // (test_iam_roles.snapshot.json).
    PermissionsBoundary:
      view === 'list' || role.permissionsBoundaryArn === null
        ? undefined
        : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundaryArn },
    Tags: view === 'list' || role.tags.length === 0 ? undefined : tagsToWire(role.tags),
    // An empty element: the role has never been used through Trustbridge's IAM view.
    RoleLastUsed: view === 'get' ? {} : undefined,
  };
}

export function policyToWire(policy: ManagedPolicyRecord, usage: ManagedPolicyUsage, view: View): WireStruct {
  return {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage.attachmentCount,
    PermissionsBoundaryUsageCount: usage.permissionsBoundaryUsageCount,
    IsAttachable: true,
    Description: view === 'get' ? (policy.description ?? undefined) : undefined,
    CreateDate: policy.createdAt,
    UpdateDate: policy.updatedAt,
    Tags: view === 'get' || (view === 'create' && policy.tags.length > 0) ? tagsToWire(policy.tags) : undefined,
  };
}

export function versionToWire(version: PolicyVersionRecord, isDefault: boolean, withDocument: boolean): WireStruct {
  return {
    Document: withDocument ? encodePolicyDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: isDefault,
    CreateDate: version.createdAt,
  };
}
