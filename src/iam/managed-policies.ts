/** Customer managed policies and their versions (LocalStack's real-AWS snapshots:
 * localstack/localstack tests/aws/services/iam/test_iam_managed_policies.snapshot.json). */
import { parseArn, policyArn } from '../aws/arn.js';
import { newPolicyId } from '../aws/ids.js';
import type { ActionHandler, CallContext } from '../aws/service.js';
import type { ManagedPolicyRecord, PolicyVersionRecord } from '../store/records.js';
import { UniqueViolation, type ManagedPolicyStore, type PolicyVersionStore } from '../store/store.js';
import type { IamDeps } from './deps.js';
import { checkManagedPolicy } from './documents.js';
import {
  ARN,
  POLICY_DESCRIPTION,
  POLICY_DOCUMENT,
  POLICY_NAME,
  POLICY_PATH,
  POLICY_VERSION_ID,
  readInputs,
  type Inputs,
} from './inputs.js';
import { messages } from './messages.js';
import { byKey, paginate, pageTail, readPaging } from './pagination.js';
import { assertUniqueTagKeys } from './tags.js';
import { policyToWire, versionToWire } from './wire.js';

const MAX_VERSIONS = 5;
const MAX_POLICIES = 1500;

export function readPolicyArn(inputs: Inputs): string {
  return inputs.required('PolicyArn', ARN);
}

/** The account's policy at `arn`, or undefined; a string that is not an ARN at all is a ValidationError. */
export async function findPolicy(session: ManagedPolicyStore, ctx: CallContext, arn: string): Promise<ManagedPolicyRecord | undefined> {
  if (!parseArn(arn)) throw messages.malformedArn(arn);
  const policy = await session.getManagedPolicy(arn);
  return policy && policy.accountId === ctx.accountId ? policy : undefined;
}

async function loadPolicy(session: ManagedPolicyStore, ctx: CallContext, arn: string): Promise<ManagedPolicyRecord> {
  const policy = await findPolicy(session, ctx, arn);
  if (!policy) throw messages.policyNotFound(arn);
  return policy;
}

/** GetPolicyVersion, DeletePolicyVersion and SetDefaultPolicyVersion name the version even when the policy is missing. */
async function loadVersion(session: ManagedPolicyStore & PolicyVersionStore, ctx: CallContext, arn: string, versionId: string) {
  const policy = await findPolicy(session, ctx, arn);
  const version = policy && (await session.getPolicyVersion(arn, versionId));
  if (!policy || !version) throw messages.policyVersionNotFound(arn, versionId);
  return { policy, version };
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
      // Trustbridge has no AWS managed policies: Scope=AWS lists nothing.
      const policies = input.scope === 'AWS' ? [] : await deps.store.listManagedPolicies(ctx.accountId, { pathPrefix: input.pathPrefix });
      const withUsage = await Promise.all(policies.map(async (p) => ({ policy: p, usage: await deps.store.getManagedPolicyUsage(p.arn) })));
      const kept = withUsage.filter(({ usage }) => {
        if (!input.onlyAttached) return true;
        if (input.usage === 'PermissionsBoundary') return usage.permissionsBoundaryUsageCount > 0;
        if (input.usage === 'PermissionsPolicy') return usage.attachmentCount > 0;
        return usage.attachmentCount > 0 || usage.permissionsBoundaryUsageCount > 0;
      });
      const page = paginate(kept, (x) => x.policy.policyName.toLowerCase(), input.paging);
      return { Policies: page.items.map((x) => policyToWire(x.policy, x.usage, 'list')), ...pageTail(page) };
    },

    async DeletePolicy(params, ctx) {
      const arn = readInputs(params, readPolicyArn);
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
      const versions = (await deps.store.listPolicyVersions(input.arn)).sort(byKey(versionKey));
      const page = paginate(versions, versionKey, input.paging);
      return {
        Versions: page.items.map((v) => versionToWire(v, v.versionId === policy.defaultVersionId, false)),
        ...pageTail(page),
      };
    },

    async DeletePolicyVersion(params, ctx) {
      const input = readInputs(params, readVersionInputs);
      await deps.store.transaction(async (tx) => {
        const { policy } = await loadVersion(tx, ctx, input.arn, input.versionId);
        if (policy.defaultVersionId === input.versionId) throw messages.cannotDeleteDefaultVersion();
        await tx.deletePolicyVersion(input.arn, input.versionId);
      });
      return undefined;
    },

    async SetDefaultPolicyVersion(params, ctx) {
      const input = readInputs(params, readVersionInputs);
      await deps.store.transaction(async (tx) => {
        const { policy } = await loadVersion(tx, ctx, input.arn, input.versionId);
        await tx.saveManagedPolicy({ ...policy, defaultVersionId: input.versionId });
      });
      return undefined;
    },
  };
}
