/**
 * Instance profiles (botocore data/iam/2010-05-08/service-2.json: CreateInstanceProfile,
 * GetInstanceProfile, ListInstanceProfiles, DeleteInstanceProfile, Add/RemoveRoleFromInstanceProfile,
 * ListInstanceProfilesForRole, Tag/UntagInstanceProfile, ListInstanceProfileTags). Terraform's
 * aws_iam_role delete lists a role's profiles and removes the role from each (role.go,
 * deleteRoleInstanceProfiles), so `terraform destroy` needs them even where EC2 does not exist.
 */
import { instanceProfileArn } from '../aws/arn.js';
import { newUniqueId } from '../aws/ids.js';
import type { ActionHandler, CallContext } from '../aws/service.js';
import type { WireStruct } from '../aws/shape.js';
import type { InstanceProfileRecord } from '../store/records.js';
import type { InstanceProfileStore, RoleStore } from '../store/store.js';
import type { IamDeps } from './deps.js';
import { PATH_PREFIX, ROLE_NAME, ROLE_PATH, TAG_KEY_LIST, readInputs, type Inputs } from './inputs.js';
import { messages } from './messages.js';
import { paginate, pageTail, readPaging } from './pagination.js';
import { loadRole, readRoleName } from './roles.js';
import { assertUniqueTagKeys, mergeTags, removeTags, sortTags, tagsToWire } from './tags.js';
import { roleToWire } from './wire.js';

/** instanceProfileNameType has the role name's shape. */
function readProfileName(inputs: Inputs): string {
  return inputs.required('InstanceProfileName', ROLE_NAME);
}

async function loadProfile(session: InstanceProfileStore, ctx: CallContext, name: string): Promise<InstanceProfileRecord> {
  const profile = await session.getInstanceProfile(ctx.accountId, name);
  if (!profile) throw messages.instanceProfileNotFound(name);
  return profile;
}

/** InstanceProfile: members in the model's order; Roles as GetRole would show them, less RoleLastUsed. */
async function profileToWire(session: RoleStore, profile: InstanceProfileRecord): Promise<WireStruct> {
  const all = profile.roleIds.length === 0 ? [] : await session.listRoles(profile.accountId);
  const roles = profile.roleIds.flatMap((id) => all.filter((r) => r.roleId === id)).map((r) => roleToWire(r, 'list'));
  return {
    Path: profile.path,
    InstanceProfileName: profile.instanceProfileName,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: profile.createdAt,
    Roles: roles,
    Tags: profile.tags.length > 0 ? tagsToWire(profile.tags) : undefined,
  };
}

export function instanceProfileActions(deps: IamDeps): Record<string, ActionHandler> {
  const updateTags = (ctx: CallContext, name: string, change: (p: InstanceProfileRecord) => InstanceProfileRecord['tags']) =>
    deps.store.transaction(async (tx) => {
      const profile = await loadProfile(tx, ctx, name);
      await tx.saveInstanceProfileTags(profile.instanceProfileId, change(profile));
    });

  return {
    async CreateInstanceProfile(params, ctx) {
      const input = readInputs(params, (i) => ({ name: readProfileName(i), path: i.optional('Path', ROLE_PATH) ?? '/', tags: i.tags() ?? [] }));
      assertUniqueTagKeys(input.tags, 'insensitive');
      const profile: InstanceProfileRecord = {
        accountId: ctx.accountId,
        instanceProfileId: newUniqueId(ctx.accountId, 'AIPA'),
        instanceProfileName: input.name,
        path: input.path,
        arn: instanceProfileArn(ctx.accountId, input.name, input.path),
        roleIds: [],
        tags: input.tags,
        createdAt: ctx.now,
      };
      await deps.store.transaction(async (tx) => {
        if (await tx.getInstanceProfile(ctx.accountId, input.name)) throw messages.instanceProfileExists(input.name);
        await tx.insertInstanceProfile(profile);
      });
      return { InstanceProfile: await profileToWire(deps.store, profile) };
    },

    async GetInstanceProfile(params, ctx) {
      const name = readInputs(params, readProfileName);
      return { InstanceProfile: await profileToWire(deps.store, await loadProfile(deps.store, ctx, name)) };
    },

    async ListInstanceProfiles(params, ctx) {
      const input = readInputs(params, (i) => ({ pathPrefix: i.optional('PathPrefix', PATH_PREFIX), paging: readPaging(i) }));
      const profiles = await deps.store.listInstanceProfiles(ctx.accountId, input.pathPrefix);
      const page = paginate(profiles, (p) => p.instanceProfileName.toLowerCase(), input.paging);
      return { InstanceProfiles: await Promise.all(page.items.map((p) => profileToWire(deps.store, p))), ...pageTail(page) };
    },

    async ListInstanceProfilesForRole(params, ctx) {
      const input = readInputs(params, (i) => ({ roleName: readRoleName(i), paging: readPaging(i) }));
      const role = await loadRole(deps.store, ctx, input.roleName);
      const profiles = await deps.store.listInstanceProfilesForRole(role.roleId);
      const page = paginate(profiles, (p) => p.instanceProfileName.toLowerCase(), input.paging);
      return { InstanceProfiles: await Promise.all(page.items.map((p) => profileToWire(deps.store, p))), ...pageTail(page) };
    },

    async DeleteInstanceProfile(params, ctx) {
      const name = readInputs(params, readProfileName);
      await deps.store.transaction(async (tx) => {
        const profile = await loadProfile(tx, ctx, name);
        if (profile.roleIds.length > 0) throw messages.instanceProfileHasRoles();
        await tx.deleteInstanceProfile(profile.instanceProfileId);
      });
      return undefined;
    },

    async AddRoleToInstanceProfile(params, ctx) {
      const input = readInputs(params, (i) => ({ name: readProfileName(i), roleName: readRoleName(i) }));
      await deps.store.transaction(async (tx) => {
        const profile = await loadProfile(tx, ctx, input.name);
        const role = await loadRole(tx, ctx, input.roleName);
        if (profile.roleIds.length > 0) throw messages.instanceProfileFull();
        await tx.addRoleToInstanceProfile(profile.instanceProfileId, role.roleId);
      });
      return undefined;
    },

    async RemoveRoleFromInstanceProfile(params, ctx) {
      const input = readInputs(params, (i) => ({ name: readProfileName(i), roleName: readRoleName(i) }));
      await deps.store.transaction(async (tx) => {
        const profile = await loadProfile(tx, ctx, input.name);
        const role = await loadRole(tx, ctx, input.roleName);
        // A role the profile does not hold is as good as missing (Terraform tolerates only NoSuchEntity here).
        if (!profile.roleIds.includes(role.roleId)) throw messages.roleNotFound(input.roleName);
        await tx.removeRoleFromInstanceProfile(profile.instanceProfileId, role.roleId);
      });
      return undefined;
    },

    async TagInstanceProfile(params, ctx) {
      const input = readInputs(params, (i) => ({ name: readProfileName(i), tags: i.tags('Tags', true) ?? [] }));
      await updateTags(ctx, input.name, (p) => mergeTags(p.tags, input.tags, 'insensitive'));
      return undefined;
    },

    async UntagInstanceProfile(params, ctx) {
      const input = readInputs(params, (i) => ({ name: readProfileName(i), keys: i.list('TagKeys', TAG_KEY_LIST, true) ?? [] }));
      await updateTags(ctx, input.name, (p) => removeTags(p.tags, input.keys, 'insensitive'));
      return undefined;
    },

    async ListInstanceProfileTags(params, ctx) {
      const input = readInputs(params, (i) => ({ name: readProfileName(i), paging: readPaging(i) }));
      const profile = await loadProfile(deps.store, ctx, input.name);
      const page = paginate(sortTags(profile.tags), (t) => t.key, input.paging);
      return { Tags: tagsToWire(page.items), ...pageTail(page) };
    },
  };
}
