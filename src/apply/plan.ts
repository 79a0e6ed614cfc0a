/**
 * The diff between a config and IAM's current state, as a list of resource changes each with
 * the IAM calls that make it so. Pure: no I/O, so the plan is unit-tested on its own.
 *
 * Removal rule: nothing the file does not mention is deleted — neither resources nor parts of
 * a declared resource (extra inline policies, attachments, client IDs, tags) — unless `prune`.
 */
import { createHash } from 'node:crypto';
import type { QueryInput } from '../aws/query-client.js';
import type { ApplyConfig, PolicyConfig, ProviderConfig, RoleConfig } from './config.js';
import type { CurrentPolicy, CurrentProvider, CurrentRole, CurrentState } from './current.js';
import { STATIC_JWKS_TAG } from '../workspace/static-jwks-tag.js';

/** AWS keeps at most five versions of a managed policy. */
const MAX_POLICY_VERSIONS = 5;

export type ResourceType = 'oidc_provider' | 'policy' | 'role';
export type ChangeKind = 'create' | 'update' | 'unchanged' | 'delete';

export interface ApiStep {
  action: string;
  input: QueryInput;
}

export interface ResourceChange {
  kind: ChangeKind;
  type: ResourceType;
  id: string;
  /** One line per attribute change: `~ trust policy`, `+ inline policy s3`, `kept: tag x (--prune removes)`. */
  details: string[];
  steps: ApiStep[];
}

export interface Plan {
  changes: ResourceChange[];
  /** Differences apply cannot reconcile (e.g. a role's path); the plan is not executed. */
  problems: string[];
}

export interface PlanInput {
  config: ApplyConfig;
  staticJwks: ReadonlyMap<string, string>;
  current: CurrentState;
  prune: boolean;
}

export function providerArn(accountId: string, url: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${url.slice('https://'.length)}`;
}

export function policyArn(accountId: string, policy: Pick<PolicyConfig, 'name' | 'path'>): string {
  return `arn:aws:iam::${accountId}:policy${policy.path}${policy.name}`;
}

/** ARNs of a role's managed policies: full ARNs as written, names resolved against the file's policies. */
export function resolvePolicyRefs(role: RoleConfig, config: ApplyConfig, accountId: string): string[] {
  return role.managed_policies.map((ref) => {
    if (ref.startsWith('arn:')) return ref;
    const declared = config.policies.find((p) => p.name === ref);
    return declared === undefined ? ref : policyArn(accountId, declared);
  });
}

export function buildPlan(input: PlanInput): Plan {
  const { config, current, prune } = input;
  const { accountId } = current;
  const problems: string[] = [];
  config.roles.forEach((role, index) => {
    for (const ref of role.managed_policies) {
      if (!ref.startsWith('arn:') && !config.policies.some((p) => p.name === ref)) {
        problems.push(`roles[${index}].managed_policies: ${ref} is neither an ARN nor a policy declared in this file`);
      }
    }
  });

  const changes: ResourceChange[] = [
    ...config.oidc_providers.map((p) => planProvider(p, providerArn(accountId, p.url), input.staticJwks.get(p.url), current.providers.get(providerArn(accountId, p.url)), prune)),
    ...config.policies.map((p) => planPolicy(p, current.policies.get(policyArn(accountId, p)))),
    ...config.roles.map((r) => planRole(r, resolvePolicyRefs(r, config, accountId), current.roles.get(r.name), prune, problems)),
  ];
  if (prune) {
    const roleNames = new Set(config.roles.map((r) => r.name));
    const policyArns = new Set(config.policies.map((p) => policyArn(accountId, p)));
    const providerArns = new Set(config.oidc_providers.map((p) => providerArn(accountId, p.url)));
    for (const role of current.roles.values()) if (!roleNames.has(role.name)) changes.push(deleteRole(role));
    for (const policy of current.policies.values()) if (!policyArns.has(policy.arn)) changes.push(deletePolicy(policy));
    for (const provider of current.providers.values()) {
      if (!providerArns.has(provider.arn)) {
        changes.push({ kind: 'delete', type: 'oidc_provider', id: provider.arn, details: [], steps: [{ action: 'DeleteOpenIDConnectProvider', input: { OpenIDConnectProviderArn: provider.arn } }] });
      }
    }
  }
  return { changes, problems };
}

function planProvider(desired: ProviderConfig, arn: string, jwks: string | undefined, current: CurrentProvider | undefined, prune: boolean): ResourceChange {
  const jwksHash = jwks === undefined ? undefined : sha256(jwks);
  const wantedTags = jwksHash === undefined ? desired.tags : { ...desired.tags, [STATIC_JWKS_TAG]: jwksHash };
  if (current === undefined) {
    const steps: ApiStep[] = [
      {
        action: 'CreateOpenIDConnectProvider',
        input: { Url: desired.url, ClientIDList: desired.client_ids, ThumbprintList: desired.thumbprints.length > 0 ? desired.thumbprints : undefined, Tags: tagList(wantedTags) },
      },
    ];
    if (jwks !== undefined) steps.push({ action: 'SetOpenIDConnectProviderStaticKeys', input: { OpenIDConnectProviderArn: arn, Jwks: jwks } });
    return { kind: 'create', type: 'oidc_provider', id: desired.url, details: jwks === undefined ? [] : ['+ static keys'], steps };
  }

  const target = { OpenIDConnectProviderArn: arn };
  const change = new ChangeBuilder('oidc_provider', desired.url);
  for (const id of desired.client_ids) if (!current.clientIds.includes(id)) change.add(`+ client id ${id}`, 'AddClientIDToOpenIDConnectProvider', { ...target, ClientID: id });
  for (const id of current.clientIds) {
    if (!desired.client_ids.includes(id)) change.removal(prune, `client id ${id}`, 'RemoveClientIDFromOpenIDConnectProvider', { ...target, ClientID: id });
  }
  if (desired.thumbprints.length > 0 && !sameSet(desired.thumbprints.map((t) => t.toLowerCase()), current.thumbprints.map((t) => t.toLowerCase()))) {
    change.add('~ thumbprints', 'UpdateOpenIDConnectProviderThumbprint', { ...target, ThumbprintList: desired.thumbprints });
  }
  if (jwksHash !== undefined && current.tags[STATIC_JWKS_TAG] !== jwksHash) {
    change.add(current.tags[STATIC_JWKS_TAG] === undefined ? '+ static keys' : '~ static keys', 'SetOpenIDConnectProviderStaticKeys', { ...target, Jwks: jwks });
  }
  if (jwksHash === undefined && current.tags[STATIC_JWKS_TAG] !== undefined) {
    // The file stopped naming keys that apply itself set: removing them is a removal like any other.
    change.removal(prune, 'static keys', 'SetOpenIDConnectProviderStaticKeys', { ...target, Jwks: '' });
    if (prune) change.steps.push({ action: 'UntagOpenIDConnectProvider', input: { ...target, TagKeys: [STATIC_JWKS_TAG] } });
  }
  change.tags(wantedTags, current.tags, prune, 'TagOpenIDConnectProvider', 'UntagOpenIDConnectProvider', target, [STATIC_JWKS_TAG]);
  return change.result();
}

function planPolicy(desired: PolicyConfig, current: CurrentPolicy | undefined): ResourceChange {
  const id = `${desired.path}${desired.name}`;
  if (current === undefined) {
    return {
      kind: 'create',
      type: 'policy',
      id,
      details: [],
      steps: [{ action: 'CreatePolicy', input: { PolicyName: desired.name, Path: desired.path, Description: desired.description, PolicyDocument: JSON.stringify(desired.document) } }],
    };
  }
  const change = new ChangeBuilder('policy', id);
  if (!sameDocument(desired.document, current.document)) {
    if (current.versions.length >= MAX_POLICY_VERSIONS) {
      const oldest = current.versions.filter((v) => !v.isDefault).sort((a, b) => a.createDate.localeCompare(b.createDate))[0];
      if (oldest !== undefined) change.add(`- version ${oldest.versionId} (the oldest; IAM keeps five)`, 'DeletePolicyVersion', { PolicyArn: current.arn, VersionId: oldest.versionId });
    }
    change.add('~ document (new default version)', 'CreatePolicyVersion', { PolicyArn: current.arn, PolicyDocument: JSON.stringify(desired.document), SetAsDefault: true });
  }
  return change.result();
}

function planRole(desired: RoleConfig, attachArns: string[], current: CurrentRole | undefined, prune: boolean, problems: string[]): ResourceChange {
  const name = desired.name;
  if (current === undefined) {
    const steps: ApiStep[] = [
      {
        action: 'CreateRole',
        input: {
          RoleName: name,
          Path: desired.path,
          AssumeRolePolicyDocument: JSON.stringify(desired.trust_policy),
          Description: desired.description,
          MaxSessionDuration: desired.max_session_duration,
          Tags: tagList(desired.tags),
        },
      },
    ];
    for (const [policyName, document] of Object.entries(desired.inline_policies)) {
      steps.push({ action: 'PutRolePolicy', input: { RoleName: name, PolicyName: policyName, PolicyDocument: JSON.stringify(document) } });
    }
    for (const arn of attachArns) steps.push({ action: 'AttachRolePolicy', input: { RoleName: name, PolicyArn: arn } });
    return { kind: 'create', type: 'role', id: name, details: [], steps };
  }

  const change = new ChangeBuilder('role', name);
  if (current.path !== desired.path) problems.push(`role ${name}: its path is ${current.path}, the file says ${desired.path}; IAM cannot move a role (delete it first)`);
  if (!sameDocument(desired.trust_policy, current.trustPolicy)) {
    change.add('~ trust policy', 'UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: JSON.stringify(desired.trust_policy) });
  }
  const descriptionChanged = desired.description !== undefined && desired.description !== (current.description ?? '');
  if (descriptionChanged || desired.max_session_duration !== current.maxSessionDuration) {
    const details = [descriptionChanged ? '~ description' : '', desired.max_session_duration !== current.maxSessionDuration ? `~ max session duration ${current.maxSessionDuration} → ${desired.max_session_duration}` : '']
      .filter((d) => d !== '')
      .join(', ');
    change.add(details, 'UpdateRole', { RoleName: name, Description: desired.description, MaxSessionDuration: desired.max_session_duration });
  }
  for (const [policyName, document] of Object.entries(desired.inline_policies)) {
    const existing = current.inlinePolicies[policyName];
    if (existing === undefined || !sameDocument(document, existing)) {
      change.add(`${existing === undefined ? '+' : '~'} inline policy ${policyName}`, 'PutRolePolicy', { RoleName: name, PolicyName: policyName, PolicyDocument: JSON.stringify(document) });
    }
  }
  for (const policyName of Object.keys(current.inlinePolicies)) {
    if (!(policyName in desired.inline_policies)) change.removal(prune, `inline policy ${policyName}`, 'DeleteRolePolicy', { RoleName: name, PolicyName: policyName });
  }
  for (const arn of attachArns) if (!current.attachedPolicyArns.includes(arn)) change.add(`+ managed policy ${arn}`, 'AttachRolePolicy', { RoleName: name, PolicyArn: arn });
  for (const arn of current.attachedPolicyArns) {
    if (!attachArns.includes(arn)) change.removal(prune, `managed policy ${arn}`, 'DetachRolePolicy', { RoleName: name, PolicyArn: arn });
  }
  change.tags(desired.tags, current.tags, prune, 'TagRole', 'UntagRole', { RoleName: name }, []);
  return change.result();
}

/** A role not in the file: IAM refuses to delete it while it has inline or attached policies. */
function deleteRole(role: CurrentRole): ResourceChange {
  const steps: ApiStep[] = [
    ...Object.keys(role.inlinePolicies).map((policyName) => ({ action: 'DeleteRolePolicy', input: { RoleName: role.name, PolicyName: policyName } })),
    ...role.attachedPolicyArns.map((arn) => ({ action: 'DetachRolePolicy', input: { RoleName: role.name, PolicyArn: arn } })),
    { action: 'DeleteRole', input: { RoleName: role.name } },
  ];
  return { kind: 'delete', type: 'role', id: role.name, details: [], steps };
}

/** A policy not in the file: its non-default versions go first, as IAM requires. */
function deletePolicy(policy: CurrentPolicy): ResourceChange {
  const steps: ApiStep[] = [
    ...policy.versions.filter((v) => !v.isDefault).map((v) => ({ action: 'DeletePolicyVersion', input: { PolicyArn: policy.arn, VersionId: v.versionId } })),
    { action: 'DeletePolicy', input: { PolicyArn: policy.arn } },
  ];
  return { kind: 'delete', type: 'policy', id: policy.arn, details: [], steps };
}

/** Collects the attribute changes of one existing resource. */
class ChangeBuilder {
  readonly details: string[] = [];
  readonly steps: ApiStep[] = [];

  constructor(
    private readonly type: ResourceType,
    private readonly id: string,
  ) {}

  add(detail: string, action: string, input: QueryInput): void {
    this.details.push(detail);
    this.steps.push({ action, input });
  }

  /** Removes with --prune; otherwise only says what is kept. */
  removal(prune: boolean, what: string, action: string, input: QueryInput): void {
    if (prune) this.add(`- ${what}`, action, input);
    else this.details.push(`  kept: ${what} (not in the file; --prune removes it)`);
  }

  tags(wanted: Record<string, string>, current: Record<string, string>, prune: boolean, tagAction: string, untagAction: string, target: QueryInput, ignored: string[]): void {
    const changed = Object.entries(wanted).filter(([key, value]) => current[key] !== value && !ignored.includes(key));
    if (changed.length > 0) this.add(`~ tags ${changed.map(([key]) => key).join(', ')}`, tagAction, { ...target, Tags: tagList(Object.fromEntries(changed)) });
    const extra = Object.keys(current).filter((key) => !(key in wanted) && !ignored.includes(key));
    if (extra.length > 0) this.removal(prune, `tags ${extra.join(', ')}`, untagAction, { ...target, TagKeys: extra });
  }

  result(): ResourceChange {
    return { kind: this.steps.length > 0 ? 'update' : 'unchanged', type: this.type, id: this.id, details: this.details, steps: this.steps };
  }
}

function tagList(tags: Record<string, string>): Array<Record<string, string>> | undefined {
  const entries = Object.entries(tags);
  return entries.length === 0 ? undefined : entries.map(([Key, Value]) => ({ Key, Value }));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Policies compare as JSON values, key order ignored: IAM may re-serialise what it stores. */
export function sameDocument(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
