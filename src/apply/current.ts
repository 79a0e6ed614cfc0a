/**
 * What IAM holds now, for the resources a config names (and, for `--prune`, every other one),
 * read through the signed Query client. Documents come back URL-encoded, as AWS sends them.
 */
import { QueryCallError, type QueryClient, type QueryInput, type XmlElement } from '../aws/query-client.js';

export interface CurrentProvider {
  arn: string;
  clientIds: string[];
  thumbprints: string[];
  tags: Record<string, string>;
}

export interface CurrentPolicyVersion {
  versionId: string;
  isDefault: boolean;
  createDate: string;
}

export interface CurrentPolicy {
  arn: string;
  document: unknown;
  versions: CurrentPolicyVersion[];
}

export interface CurrentRole {
  name: string;
  path: string;
  description: string | undefined;
  maxSessionDuration: number;
  trustPolicy: unknown;
  inlinePolicies: Record<string, unknown>;
  attachedPolicyArns: string[];
  tags: Record<string, string>;
}

export interface CurrentState {
  accountId: string;
  providers: Map<string, CurrentProvider>;
  policies: Map<string, CurrentPolicy>;
  /** By role name. */
  roles: Map<string, CurrentRole>;
}

export interface Wanted {
  providerArns: string[];
  policyArns: string[];
  roleNames: string[];
  /** Also read every resource of the account, so unlisted ones can be pruned. */
  everything: boolean;
}

export async function accountIdOf(client: QueryClient): Promise<string> {
  const identity = await client.call('sts', 'GetCallerIdentity');
  return identity.text('Account') ?? '';
}

export async function readCurrentState(client: QueryClient, accountId: string, wanted: Wanted): Promise<CurrentState> {
  const providerArns = new Set(wanted.providerArns);
  const policyArns = new Set(wanted.policyArns);
  const roleNames = new Set(wanted.roleNames);
  if (wanted.everything) {
    const providers = await client.call('iam', 'ListOpenIDConnectProviders');
    for (const p of providers.members('OpenIDConnectProviderList')) providerArns.add(p.text('Arn') ?? '');
    for (const p of await listAll(client, 'ListPolicies', 'Policies', { Scope: 'Local' })) policyArns.add(p.text('Arn') ?? '');
    for (const r of await listAll(client, 'ListRoles', 'Roles')) roleNames.add(r.text('RoleName') ?? '');
  }
  const state: CurrentState = { accountId, providers: new Map(), policies: new Map(), roles: new Map() };
  for (const arn of providerArns) {
    const provider = await orMissing(readProvider(client, arn));
    if (provider !== undefined) state.providers.set(arn, provider);
  }
  for (const arn of policyArns) {
    const policy = await orMissing(readPolicy(client, arn));
    if (policy !== undefined) state.policies.set(arn, policy);
  }
  for (const name of roleNames) {
    const role = await orMissing(readRole(client, name));
    if (role !== undefined) state.roles.set(name, role);
  }
  return state;
}

async function readProvider(client: QueryClient, arn: string): Promise<CurrentProvider> {
  const result = await client.call('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
  return {
    arn,
    clientIds: result.members('ClientIDList').map((m) => m.content),
    thumbprints: result.members('ThumbprintList').map((m) => m.content),
    tags: tagMap(result.members('Tags')),
  };
}

async function readPolicy(client: QueryClient, arn: string): Promise<CurrentPolicy> {
  const policy = (await client.call('iam', 'GetPolicy', { PolicyArn: arn })).child('Policy');
  const versionId = policy?.text('DefaultVersionId') ?? '';
  const version = (await client.call('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: versionId })).child('PolicyVersion');
  const versions = await listAll(client, 'ListPolicyVersions', 'Versions', { PolicyArn: arn });
  return {
    arn,
    document: decodeDocument(version?.text('Document')),
    versions: versions.map((v) => ({ versionId: v.text('VersionId') ?? '', isDefault: v.text('IsDefaultVersion') === 'true', createDate: v.text('CreateDate') ?? '' })),
  };
}

async function readRole(client: QueryClient, name: string): Promise<CurrentRole> {
  const role = (await client.call('iam', 'GetRole', { RoleName: name })).child('Role');
  const inlinePolicies: Record<string, unknown> = {};
  for (const member of await listAll(client, 'ListRolePolicies', 'PolicyNames', { RoleName: name })) {
    const policy = await client.call('iam', 'GetRolePolicy', { RoleName: name, PolicyName: member.content });
    inlinePolicies[member.content] = decodeDocument(policy.text('PolicyDocument'));
  }
  const attached = await listAll(client, 'ListAttachedRolePolicies', 'AttachedPolicies', { RoleName: name });
  return {
    name,
    path: role?.text('Path') ?? '/',
    description: role?.text('Description'),
    maxSessionDuration: Number(role?.text('MaxSessionDuration') ?? 3600),
    trustPolicy: decodeDocument(role?.text('AssumeRolePolicyDocument')),
    inlinePolicies,
    attachedPolicyArns: attached.map((a) => a.text('PolicyArn') ?? ''),
    tags: tagMap(role?.members('Tags') ?? []),
  };
}

/** Every page of a Marker-paginated List action. */
async function listAll(client: QueryClient, action: string, listName: string, input: QueryInput = {}): Promise<XmlElement[]> {
  const items: XmlElement[] = [];
  let marker: string | undefined;
  do {
    const page = await client.call('iam', action, { ...input, Marker: marker });
    items.push(...page.members(listName));
    marker = page.text('IsTruncated') === 'true' ? page.text('Marker') : undefined;
  } while (marker !== undefined);
  return items;
}

/** NoSuchEntity means "not there yet"; every other error stops the apply. */
async function orMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof QueryCallError && err.code === 'NoSuchEntity') return undefined;
    throw err;
  }
}

function tagMap(members: XmlElement[]): Record<string, string> {
  return Object.fromEntries(members.map((t) => [t.text('Key') ?? '', t.text('Value') ?? '']));
}

/** IAM returns policy documents URL-encoded (RFC 3986), as AWS does. */
function decodeDocument(encoded: string | undefined): unknown {
  if (encoded === undefined) return undefined;
  return JSON.parse(decodeURIComponent(encoded)) as unknown;
}
