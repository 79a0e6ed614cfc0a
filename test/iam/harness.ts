/**
 * Drives the IAM service's handlers directly with QueryParams, as the server would after
 * decoding a request, against a real store.
 */
import { QueryParams } from '../../src/aws/query-params.js';
import type { CallContext, Caller, QueryService } from '../../src/aws/service.js';
import { XmlMap, type WireStruct, type WireValue } from '../../src/aws/shape.js';
import type { IamDeps } from '../../src/iam/service.js';
import { createTrustbridgeIam } from '../../src/stack/iam.js';
import type { Store } from '../../src/store/store.js';
import { LOCAL_ACCOUNT as ACCOUNT } from '../support/accounts.js';
import { ISSUER_HOST } from '../support/gitlab.js';
import { providerArn, subjectIs, webIdentityTrust } from '../support/trust-policy.js';

export { ACCOUNT };
export const NOW = new Date('2026-02-03T04:05:06.000Z');

export const ADMIN: Caller = {
  kind: 'admin',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  userId: ACCOUNT,
};

export type Params = Record<string, string>;

export interface IamHarness {
  service: QueryService;
  call(action: string, params?: Params, caller?: Caller): Promise<WireStruct | undefined>;
}

export function iamHarness(store: Store, extra: Pick<IamDeps, 'fetchThumbprint'> = {}): IamHarness {
  const service = createTrustbridgeIam({ store, ...extra });
  return {
    service,
    async call(action, params = {}, caller = ADMIN) {
      const handler = service.actions.get(action);
      if (!handler) throw new Error(`no handler for ${action}`);
      const ctx: CallContext = { requestId: 'test', caller, accountId: ACCOUNT, now: NOW, sourceIp: '127.0.0.1', responseHeaders: {} };
      const result = await handler(QueryParams.from(Object.entries(params)), ctx);
      return result === undefined ? undefined : (prune(result) as WireStruct);
    },
  };
}

/** The tree as it goes on the wire: members that are undefined are left out by the encoders. */
function prune(value: WireValue): WireValue {
  if (Array.isArray(value)) return value.map(prune);
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof XmlMap) return value;
  const out: WireStruct = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = prune(member);
  return out;
}

/** `Name.member.N` entries for a list, as botocore serialises it. */
export function list(name: string, values: readonly string[]): Params {
  return Object.fromEntries(values.map((v, i) => [`${name}.member.${i + 1}`, v]));
}

/** `Tags.member.N.Key/Value` entries. */
export function tags(pairs: ReadonlyArray<readonly [string, string]>, name = 'Tags'): Params {
  const out: Params = {};
  pairs.forEach(([key, value], i) => {
    out[`${name}.member.${i + 1}.Key`] = key;
    out[`${name}.member.${i + 1}.Value`] = value;
  });
  return out;
}

/** The tutorial's trust policy, its provider in the harness account. */
export const TRUST = webIdentityTrust(subjectIs(), { provider: providerArn(ISSUER_HOST, ACCOUNT) });

/** A valid identity policy whose size (without whitespace) is about `size` characters. */
export function identityPolicy(size = 0, action = 's3:GetObject'): string {
  const resources = ['*'];
  let text = '';
  for (let i = 0; (text = JSON.stringify(doc(resources, action))).length < size; i++) {
    resources.push(`arn:aws:s3:::bucket-${String(i).padStart(4, '0')}-${'x'.repeat(40)}/*`);
  }
  return text;
}

function doc(resources: string[], action: string) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resources }] };
}

/** Everything the account holds, for before/after comparisons. */
export async function accountState(store: Store): Promise<unknown> {
  const roles = await store.listRoles(ACCOUNT);
  const policies = await store.listManagedPolicies(ACCOUNT);
  return {
    providers: await store.listOidcProviders(ACCOUNT),
    roles: await Promise.all(
      roles.map(async (r) => ({
        role: r,
        inline: await store.listRolePolicies(r.roleId),
        attached: await store.listAttachedRolePolicies(r.roleId),
      })),
    ),
    policies: await Promise.all(policies.map(async (p) => ({ policy: p, versions: await store.listPolicyVersions(p.arn) }))),
  };
}
