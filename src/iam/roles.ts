/** IAM roles (texts: localstack/localstack tests/aws/services/iam/test_iam_roles.snapshot.json). */
import { parseArn, roleArn } from '../aws/arn.js';
import { newRoleId } from '../aws/ids.js';
import type { ActionHandler, CallContext } from '../aws/service.js';
import { newDecisionId } from '../store/decision-id.js';
import type { RoleRecord } from '../store/records.js';
import { UniqueViolation, type ManagedPolicyStore, type RoleStore } from '../store/store.js';
import { getAwsManagedPolicy, isAwsManagedArn, materializeAwsManagedPolicy } from './aws-managed-policies.js';
import type { IamDeps, TrustPolicyChange } from './deps.js';
import { checkTrustPolicy } from './documents.js';
import {
  ARN,
  MAX_SESSION_DURATION,
  PATH_PREFIX,
  POLICY_DOCUMENT,
  ROLE_DESCRIPTION,
  ROLE_NAME,
  ROLE_PATH,
  TAG_KEY_LIST,
  readInputs,
  type Inputs,
} from './inputs.js';
import { messages } from './messages.js';
import { paginate, pageTail, readPaging } from './pagination.js';
import { assertUniqueTagKeys, mergeTags, removeTags, sortTags, tagsToWire } from './tags.js';
import { roleToWire } from './wire.js';

const MAX_ROLES = 1000;

export function readRoleName(inputs: Inputs): string {
  return inputs.required('RoleName', ROLE_NAME);
}

export async function loadRole(session: RoleStore, ctx: CallContext, roleName: string): Promise<RoleRecord> {
  const role = await session.getRole(ctx.accountId, roleName);
  if (!role) throw messages.roleNotFound(roleName);
  return role;
}

/** Read-modify-write of one role in a transaction: `change` may throw to refuse. */
function updateRole(deps: IamDeps, ctx: CallContext, roleName: string, change: (role: RoleRecord) => RoleRecord): Promise<void> {
  return deps.store.transaction(async (tx) => tx.saveRole(change(await loadRole(tx, ctx, roleName))));
}

/** A permissions boundary must be a managed policy ARN that exists in the account, or an AWS-managed one. */
async function checkBoundary(session: ManagedPolicyStore, ctx: CallContext, arn: string): Promise<void> {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('policy/')) throw messages.invalidArn(arn);
  if (isAwsManagedArn(arn) && getAwsManagedPolicy(arn)) return materializeAwsManagedPolicy(session, arn);
  const policy = await session.getManagedPolicy(arn);
  if (!policy || policy.accountId !== ctx.accountId) throw messages.boundaryNotFound(arn);
}

/**
 * AWS accepts trust policies that trust a whole issuer or compare wildcards literally, and so do
 * we; the hook (the trust-policy lint, registered by src/stack) may note a warning, whose id goes
 * to a response header, never into the answer.
 */
async function reportTrustPolicy(deps: IamDeps, ctx: CallContext, action: TrustPolicyChange['action'], arn: string, document: string): Promise<void> {
  const noted = await deps.onTrustPolicyAccepted?.({ id: newDecisionId(ctx.now), time: ctx.now, accountId: ctx.accountId, action, roleArn: arn, document });
  if (noted !== undefined) ctx.responseHeaders['x-trustbridge-decision-id'] = noted;
}

export function roleActions(deps: IamDeps): Record<string, ActionHandler> {
  return {
    async CreateRole(params, ctx) {
      const input = readInputs(params, (i) => ({
        path: i.optional('Path', ROLE_PATH) ?? '/',
        roleName: readRoleName(i),
        trustPolicy: i.required('AssumeRolePolicyDocument', POLICY_DOCUMENT),
        description: i.optional('Description', ROLE_DESCRIPTION),
        maxSessionDuration: i.optionalInteger('MaxSessionDuration', MAX_SESSION_DURATION.min, MAX_SESSION_DURATION.max),
        boundary: i.optional('PermissionsBoundary', ARN),
        tags: i.tags() ?? [],
      }));
      assertUniqueTagKeys(input.tags, 'insensitive');
      checkTrustPolicy(input.trustPolicy);
      const role: RoleRecord = {
        accountId: ctx.accountId,
        roleId: newRoleId(ctx.accountId),
        roleName: input.roleName,
        path: input.path,
        arn: roleArn(ctx.accountId, input.roleName, input.path),
        assumeRolePolicyDocument: input.trustPolicy,
        description: input.description ?? null,
        maxSessionDuration: input.maxSessionDuration ?? MAX_SESSION_DURATION.default,
        permissionsBoundaryArn: input.boundary ?? null,
        tags: input.tags,
        createdAt: ctx.now,
      };
      await deps.store.transaction(async (tx) => {
        if (input.boundary !== undefined) await checkBoundary(tx, ctx, input.boundary);
        if (await tx.getRole(ctx.accountId, input.roleName)) throw messages.roleExists(input.roleName);
        if ((await tx.countRoles(ctx.accountId)) >= MAX_ROLES) throw messages.tooManyRoles();
        try {
          await tx.insertRole(role);
        } catch (err) {
          if (err instanceof UniqueViolation) throw messages.roleExists(input.roleName);
          throw err;
        }
      });
      await reportTrustPolicy(deps, ctx, 'iam:CreateRole', role.arn, role.assumeRolePolicyDocument);
      return { Role: roleToWire(role, 'create') };
    },

    async GetRole(params, ctx) {
      const roleName = readInputs(params, readRoleName);
      return { Role: roleToWire(await loadRole(deps.store, ctx, roleName), 'get') };
    },

    async ListRoles(params, ctx) {
      const input = readInputs(params, (i) => ({ pathPrefix: i.optional('PathPrefix', PATH_PREFIX), paging: readPaging(i) }));
      const roles = await deps.store.listRoles(ctx.accountId, input.pathPrefix);
      const page = paginate(roles, (r) => r.roleName.toLowerCase(), input.paging);
      return { Roles: page.items.map((r) => roleToWire(r, 'list')), ...pageTail(page) };
    },

    async UpdateRole(params, ctx) {
      const input = readInputs(params, (i) => ({
        roleName: readRoleName(i),
        description: i.optional('Description', ROLE_DESCRIPTION),
        maxSessionDuration: i.optionalInteger('MaxSessionDuration', MAX_SESSION_DURATION.min, MAX_SESSION_DURATION.max),
      }));
      await updateRole(deps, ctx, input.roleName, (r) => ({
        ...r,
        description: input.description ?? r.description,
        maxSessionDuration: input.maxSessionDuration ?? r.maxSessionDuration,
      }));
      // UpdateRole has an (empty) output shape, so AWS sends an empty UpdateRoleResult.
      return {};
    },

    async UpdateRoleDescription(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), description: i.required('Description', ROLE_DESCRIPTION) }));
      let updated: RoleRecord | undefined;
      await updateRole(deps, ctx, input.roleName, (r) => (updated = { ...r, description: input.description }));
      // UpdateRoleDescriptionResponse carries the Role, as GetRole shows it (botocore iam model).
      return { Role: roleToWire(updated as RoleRecord, 'get') };
    },

    async PutRolePermissionsBoundary(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), boundary: i.required('PermissionsBoundary', ARN) }));
      await deps.store.transaction(async (tx) => {
        const role = await loadRole(tx, ctx, input.roleName);
        await checkBoundary(tx, ctx, input.boundary);
        await tx.saveRole({ ...role, permissionsBoundaryArn: input.boundary });
      });
      return undefined;
    },

    async DeleteRolePermissionsBoundary(params, ctx) {
      const roleName = readInputs(params, readRoleName);
      await updateRole(deps, ctx, roleName, (r) => ({ ...r, permissionsBoundaryArn: null }));
      return undefined;
    },

    async UpdateAssumeRolePolicy(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), document: i.required('PolicyDocument', POLICY_DOCUMENT) }));
      checkTrustPolicy(input.document);
      let arn = '';
      await updateRole(deps, ctx, input.roleName, (r) => {
        arn = r.arn;
        return { ...r, assumeRolePolicyDocument: input.document };
      });
      await reportTrustPolicy(deps, ctx, 'iam:UpdateAssumeRolePolicy', arn, input.document);
      return undefined;
    },

    async DeleteRole(params, ctx) {
      const roleName = readInputs(params, readRoleName);
      await deps.store.transaction(async (tx) => {
        const role = await loadRole(tx, ctx, roleName);
        if ((await tx.listAttachedRolePolicies(role.roleId)).length > 0) throw messages.mustDetachPolicies();
        if ((await tx.listRolePolicies(role.roleId)).length > 0) throw messages.mustDeletePolicies();
        if ((await tx.listInstanceProfilesForRole(role.roleId)).length > 0) throw messages.mustRemoveFromInstanceProfiles();
        await tx.deleteRole(role.roleId);
      });
      return undefined;
    },

    async TagRole(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), tags: i.tags('Tags', true) ?? [] }));
      await updateRole(deps, ctx, input.roleName, (r) => ({ ...r, tags: mergeTags(r.tags, input.tags, 'insensitive') }));
      return undefined;
    },

    async UntagRole(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), keys: i.list('TagKeys', TAG_KEY_LIST, true) ?? [] }));
      await updateRole(deps, ctx, input.roleName, (r) => ({ ...r, tags: removeTags(r.tags, input.keys, 'insensitive') }));
      return undefined;
    },

    async ListRoleTags(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), paging: readPaging(i) }));
      const role = await loadRole(deps.store, ctx, input.roleName);
      const page = paginate(sortTags(role.tags), (t) => t.key, input.paging);
      return { Tags: tagsToWire(page.items), ...pageTail(page) };
    },
  };
}
