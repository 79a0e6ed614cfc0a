/** Customer managed policies and their versions (LocalStack's real-AWS snapshots:
 * localstack/localstack tests/aws/services/iam/test_iam_managed_policies.snapshot.json). */
import { parseArn, policyArn } from '../aws/arn.js';
import { newPolicyId } from '../aws/ids.js';
import type { ActionHandler, CallContext } from '../aws/service.js';
import type { ManagedPolicyRecord, PolicyVersionRecord } from '../store/records.js';
import { UniqueViolation, type ManagedPolicyStore, type PolicyVersionStore } from '../store/store.js';
import {
  awsManagedReadOnly,
  getAwsManagedPolicy,
  getAwsManagedPolicyVersion,
  isAwsManagedArn,
  listAwsManagedPolicies,
  listAwsManagedPolicyVersions,
} from './aws-managed-policies.js';
import type { IamDeps } from './deps.js';
import { checkManagedPolicy } from './documents.js';
import {
  ARN,
  POLICY_DESCRIPTION,
  POLICY_DOCUMENT,
  POLICY_NAME,
  POLICY_PATH,
  POLICY_VERSION_ID,
  TAG_KEY_LIST,
  readInputs,
  type Inputs,
} from './inputs.js';
import { messages } from './messages.js';
import { byKey, paginate, pageTail, readPaging } from './pagination.js';
import { assertUniqueTagKeys, mergeTags, removeTags, sortTags, tagsToWire } from './tags.js';
import { policyToWire, versionToWire } from './wire.js';

const MAX_VERSIONS = 5;
const MAX_POLICIES = 1500;

export function readPolicyArn(inputs: Inputs): string {
  return inputs.required('PolicyArn', ARN);
}

/** The account's policy at `arn`, or undefined; a string that is not an ARN at all is a ValidationError. */
export async function findPolicy(session: ManagedPolicyStore, ctx: CallContext, arn: string): Promise<ManagedPolicyRecord | undefined> {
  if (!parseArn(arn)) throw messages.malformedArn(arn);
  if (isAwsManagedArn(arn)) return getAwsManagedPolicy(arn);
  const policy = await session.getManagedPolicy(arn);
  return policy && policy.accountId === ctx.accountId ? policy : undefined;
}

/** AWS-managed policies are AWS's to change: each change answers AWS's 403. */
function refuseAwsManaged(arn: string, refusal: () => Error): void {
  if (isAwsManagedArn(arn)) throw refusal();
}

async function loadPolicy(session: ManagedPolicyStore, ctx: CallContext, arn: string): Promise<ManagedPolicyRecord> {
  const policy = await findPolicy(session, ctx, arn);
  if (!policy) throw messages.policyNotFound(arn);
  return policy;
}

/** GetPolicyVersion, DeletePolicyVersion and SetDefaultPolicyVersion name the version even when the policy is missing. */
async function loadVersion(session: ManagedPolicyStore & PolicyVersionStore, ctx: CallContext, arn: string, versionId: string) {
  const policy = await findPolicy(session, ctx, arn);
  const version = policy && (isAwsManagedArn(arn) ? getAwsManagedPolicyVersion(arn, versionId) : await session.getPolicyVersion(arn, versionId));
  if (!policy || !version) throw messages.policyVersionNotFound(arn, versionId);
  return { policy, version };
}

/** Read-modify-write of one policy in a transaction. */
function updatePolicy(deps: IamDeps, ctx: CallContext, arn: string, change: (policy: ManagedPolicyRecord) => ManagedPolicyRecord): Promise<void> {
  refuseAwsManaged(arn, awsManagedReadOnly.update);
  return deps.store.transaction(async (tx) => tx.saveManagedPolicy(change(await loadPolicy(tx, ctx, arn))));
}

function readVersionInputs(i: Inputs) {
  return { arn: readPolicyArn(i), versionId: i.required('VersionId', POLICY_VERSION_ID) };
}

/** Newest version first, as ListPolicyVersions returns them; the key sorts the same way. */
function versionKey(version: PolicyVersionRecord): string {
  return String(1e9 - Number(version.versionId.slice(1))).padStart(10, '0');
}

export function managedPolicyActions(deps: IamDeps): Record<string, ActionHandler> {
  return {
    async CreatePolicy(params, ctx) {
      const input = readInputs(params, (i) => ({
        policyName: i.required('PolicyName', POLICY_NAME),
        path: i.optional('Path', POLICY_PATH) ?? '/',
        document: i.required('PolicyDocument', POLICY_DOCUMENT),
        description: i.optional('Description', POLICY_DESCRIPTION),
        tags: i.tags() ?? [],
      }));
      assertUniqueTagKeys(input.tags, 'sensitive');
      checkManagedPolicy(input.document);
      const arn = policyArn(ctx.accountId, input.policyName, input.path);
      const policy: ManagedPolicyRecord = {
        accountId: ctx.accountId,
        arn,
        policyId: newPolicyId(ctx.accountId),
        policyName: input.policyName,
        path: input.path,
        description: input.description ?? null,
        defaultVersionId: 'v1',
        latestVersionNumber: 1,
        tags: input.tags,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
      await deps.store.transaction(async (tx) => {
        if ((await tx.countManagedPolicies(ctx.accountId)) >= MAX_POLICIES) throw messages.tooManyPolicies();
        try {
          await tx.insertManagedPolicy(policy, { policyArn: arn, versionId: 'v1', document: input.document, createdAt: ctx.now });
        } catch (err) {
          if (err instanceof UniqueViolation) throw messages.policyExists(input.policyName);
          throw err;
        }
      });
      return { Policy: policyToWire(policy, { attachmentCount: 0, permissionsBoundaryUsageCount: 0 }, 'create') };
    },

    async GetPolicy(params, ctx) {
      const arn = readInputs(params, readPolicyArn);
      const policy = await loadPolicy(deps.store, ctx, arn);
      return { Policy: policyToWire(policy, await deps.store.getManagedPolicyUsage(arn), 'get') };
    },

    async ListPolicies(params, ctx) {
      const input = readInputs(params, (i) => ({
        scope: i.optionalEnum('Scope', ['All', 'AWS', 'Local'] as const) ?? 'All',
        onlyAttached: i.optionalBoolean('OnlyAttached') ?? false,
        pathPrefix: i.optional('PathPrefix', POLICY_PATH),
        usage: i.optionalEnum('PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary'] as const),
        paging: readPaging(i),
      }));
      const local = input.scope === 'AWS' ? [] : await deps.store.listManagedPolicies(ctx.accountId, { pathPrefix: input.pathPrefix });
      // Only here is the AWS-managed catalogue loaded for a listing (it is large).
      const fromAws = input.scope === 'Local' ? [] : listAwsManagedPolicies().filter((p) => input.pathPrefix === undefined || p.path.startsWith(input.pathPrefix));
      const key = (p: ManagedPolicyRecord): string => `${p.policyName.toLowerCase()} ${p.arn}`;
      const policies = [...local, ...fromAws].sort(byKey(key));
      const withUsage = async (p: ManagedPolicyRecord) => ({ policy: p, usage: await deps.store.getManagedPolicyUsage(p.arn) });
      const toWire = (x: Awaited<ReturnType<typeof withUsage>>) => policyToWire(x.policy, x.usage, 'list');
      if (input.onlyAttached) {
        const kept = (await Promise.all(policies.map(withUsage))).filter(({ usage }) => {
          if (input.usage === 'PermissionsBoundary') return usage.permissionsBoundaryUsageCount > 0;
          if (input.usage === 'PermissionsPolicy') return usage.attachmentCount > 0;
          return usage.attachmentCount > 0 || usage.permissionsBoundaryUsageCount > 0;
        });
        const page = paginate(kept, (x) => key(x.policy), input.paging);
        return { Policies: page.items.map(toWire), ...pageTail(page) };
      }
      // Usage is read per policy: without the OnlyAttached filter, only for the page's policies.
      const page = paginate(policies, key, input.paging);
      return { Policies: (await Promise.all(page.items.map(withUsage))).map(toWire), ...pageTail(page) };
    },

    async DeletePolicy(params, ctx) {
      const arn = readInputs(params, readPolicyArn);
      refuseAwsManaged(arn, awsManagedReadOnly.delete);
      await deps.store.transaction(async (tx) => {
        await loadPolicy(tx, ctx, arn);
        const usage = await tx.getManagedPolicyUsage(arn);
        if (usage.attachmentCount > 0 || usage.permissionsBoundaryUsageCount > 0) throw messages.policyAttached();
        await tx.deleteManagedPolicy(arn);
      });
      return undefined;
    },

    async CreatePolicyVersion(params, ctx) {
      const input = readInputs(params, (i) => ({
        arn: readPolicyArn(i),
        document: i.required('PolicyDocument', POLICY_DOCUMENT),
        setAsDefault: i.optionalBoolean('SetAsDefault') ?? false,
      }));
      refuseAwsManaged(input.arn, awsManagedReadOnly.update);
      checkManagedPolicy(input.document);
      const version = await deps.store.transaction(async (tx) => {
        const policy = await loadPolicy(tx, ctx, input.arn);
        if ((await tx.listPolicyVersions(input.arn)).length >= MAX_VERSIONS) throw messages.tooManyVersions();
        // Numbers are never reused: after v1..v5 and deleting one, the next is v6 (LocalStack snapshot).
        const number = policy.latestVersionNumber + 1;
        const created: PolicyVersionRecord = { policyArn: input.arn, versionId: `v${number}`, document: input.document, createdAt: ctx.now };
        await tx.insertPolicyVersion(created);
        await tx.saveManagedPolicy({
          ...policy,
          latestVersionNumber: number,
          defaultVersionId: input.setAsDefault ? created.versionId : policy.defaultVersionId,
          // UpdateDate is when the newest version was created (model documentation of Policy).
          updatedAt: ctx.now,
        });
        return created;
      });
      return { PolicyVersion: versionToWire(version, input.setAsDefault, false) };
    },

    async GetPolicyVersion(params, ctx) {
      const input = readInputs(params, readVersionInputs);
      const { policy, version } = await loadVersion(deps.store, ctx, input.arn, input.versionId);
      return { PolicyVersion: versionToWire(version, version.versionId === policy.defaultVersionId, true) };
    },

    async ListPolicyVersions(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readPolicyArn(i), paging: readPaging(i) }));
      const policy = await loadPolicy(deps.store, ctx, input.arn);
      const stored = isAwsManagedArn(input.arn) ? listAwsManagedPolicyVersions(input.arn) : await deps.store.listPolicyVersions(input.arn);
      const versions = stored.sort(byKey(versionKey));
      const page = paginate(versions, versionKey, input.paging);
      return {
        Versions: page.items.map((v) => versionToWire(v, v.versionId === policy.defaultVersionId, false)),
        ...pageTail(page),
      };
    },

    async DeletePolicyVersion(params, ctx) {
      const input = readInputs(params, readVersionInputs);
      refuseAwsManaged(input.arn, awsManagedReadOnly.deleteVersion);
      await deps.store.transaction(async (tx) => {
        const { policy } = await loadVersion(tx, ctx, input.arn, input.versionId);
        if (policy.defaultVersionId === input.versionId) throw messages.cannotDeleteDefaultVersion();
        await tx.deletePolicyVersion(input.arn, input.versionId);
      });
      return undefined;
    },

    async TagPolicy(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readPolicyArn(i), tags: i.tags('Tags', true) ?? [] }));
      await updatePolicy(deps, ctx, input.arn, (p) => ({ ...p, tags: mergeTags(p.tags, input.tags, 'sensitive') }));
      return undefined;
    },

    async UntagPolicy(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readPolicyArn(i), keys: i.list('TagKeys', TAG_KEY_LIST, true) ?? [] }));
      await updatePolicy(deps, ctx, input.arn, (p) => ({ ...p, tags: removeTags(p.tags, input.keys, 'sensitive') }));
      return undefined;
    },

    async ListPolicyTags(params, ctx) {
      const input = readInputs(params, (i) => ({ arn: readPolicyArn(i), paging: readPaging(i) }));
      const policy = await loadPolicy(deps.store, ctx, input.arn);
      const page = paginate(sortTags(policy.tags), (t) => t.key, input.paging);
      return { Tags: tagsToWire(page.items), ...pageTail(page) };
    },

    async SetDefaultPolicyVersion(params, ctx) {
      const input = readInputs(params, readVersionInputs);
      refuseAwsManaged(input.arn, awsManagedReadOnly.update);
      await deps.store.transaction(async (tx) => {
        const { policy } = await loadVersion(tx, ctx, input.arn, input.versionId);
        await tx.saveManagedPolicy({ ...policy, defaultVersionId: input.versionId });
      });
      return undefined;
    },
  };
}
