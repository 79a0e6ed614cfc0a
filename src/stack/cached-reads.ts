/**
 * The reads on the request path, served from the node's ReadCache: what STS looks up for every
 * AssumeRoleWithWebIdentity (provider, role, managed policy documents), what SigV4 looks up for
 * admin keys, and what the authoriser reads for role sessions. Trust policies are compiled once
 * per text by the policy engine's own cache, so a cached role costs no compilation either.
 * Decisions go to the DecisionWriter's queue instead of the store.
 */
import type { DecisionRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { StsDirectory } from '../sts/index.js';
import type { ReadCache } from './read-cache.js';

export type CachedReads = StsDirectory & Pick<Store, 'findAccessKey' | 'getRole' | 'listRolePolicyDocuments'>;

export function cachedReads(store: Store, cache: ReadCache, recordDecision: (record: DecisionRecord) => void): CachedReads {
  return {
    findOidcProviderByUrl: (accountId, url) => cache.read(`provider\n${accountId}\n${url}`, () => store.findOidcProviderByUrl(accountId, url)),
    getRoleByArn: (arn) => cache.read(`role-arn\n${arn}`, () => store.getRoleByArn(arn)),
    getRole: (accountId, roleName) => cache.read(`role\n${accountId}\n${roleName.toLowerCase()}`, () => store.getRole(accountId, roleName)),
    getManagedPolicyDocument: (arn) => cache.read(`policy-document\n${arn}`, () => store.getManagedPolicyDocument(arn)),
    listRolePolicyDocuments: (accountId, roleName) =>
      cache.read(`role-policies\n${accountId}\n${roleName.toLowerCase()}`, () => store.listRolePolicyDocuments(accountId, roleName)),
    findAccessKey: (accessKeyId) => cache.read(`access-key\n${accessKeyId}`, () => store.findAccessKey(accessKeyId)),
    recordDecision: async (record) => recordDecision(record),
  };
}
