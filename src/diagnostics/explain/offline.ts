/**
 * Offline explain: no running stack, just a trust policy file and the provider(s) the token's
 * issuer would be registered as. This builds the two look-ups explain needs from them, the way
 * IAM would have stored them: provider ARN from the URL without its scheme, the role in the
 * account the policy's federated principal names (so a policy copied from a real account is
 * judged against its own provider ARN).
 */
import { oidcProviderArn, roleArn as formatRoleArn } from '../../aws/arn.js';
import { parsePolicy } from '../../policy/parse.js';
import type { OidcProviderRecord, RoleRecord } from '../../store/records.js';
import { conditionKeyPrefix, parseRoleArn } from '../../sts/index.js';
import type { ExplainDirectory } from './explain-assume.js';

export const DEFAULT_ACCOUNT = '000000000000';
const PROVIDER_ACCOUNT = /^arn:aws:iam::([0-9]{12}):oidc-provider\//;

export interface OfflineProvider {
  url: string;
  /** Defaults to [url]: the tutorial registers the instance URL as the audience. */
  clientIds?: string[];
}

export interface OfflineSetup {
  trustPolicy: string;
  providers: OfflineProvider[];
  /** Defaults to a role named "offline-explain" in the account the policy's provider ARN names. */
  roleArn?: string;
}

export interface OfflineStack {
  directory: ExplainDirectory;
  roleArn: string;
}

export function offlineStack(setup: OfflineSetup): OfflineStack {
  const accountId = parseRoleArn(setup.roleArn ?? '')?.accountId ?? accountOfPolicy(setup.trustPolicy) ?? DEFAULT_ACCOUNT;
  const roleArn = setup.roleArn ?? formatRoleArn(accountId, 'offline-explain');
  const createdAt = new Date(0);
  const providers: OidcProviderRecord[] = setup.providers.map((p) => ({
    accountId,
    arn: oidcProviderArn(accountId, conditionKeyPrefix(p.url)),
    url: p.url,
    clientIds: p.clientIds !== undefined && p.clientIds.length > 0 ? p.clientIds : [p.url],
    thumbprints: [],
    tags: [],
    createdAt,
    staticJwks: null,
  }));
  const role: RoleRecord = {
    accountId,
    roleId: 'AROAOFFLINEEXPLAIN000',
    roleName: roleArn.slice(roleArn.lastIndexOf('/') + 1),
    path: '/',
    arn: roleArn,
    assumeRolePolicyDocument: setup.trustPolicy,
    description: null,
    maxSessionDuration: 3600,
    permissionsBoundaryArn: null,
    tags: [],
    createdAt,
  };
  return {
    roleArn,
    directory: {
      findOidcProviderByUrl: async (account, url) => providers.find((p) => p.accountId === account && p.url === url),
      getRoleByArn: async (arn) => (arn === role.arn ? role : undefined),
    },
  };
}

/** The account of the first oidc-provider ARN the policy trusts, if it parses. */
function accountOfPolicy(trustPolicy: string): string | undefined {
  let statements;
  try {
    statements = parsePolicy(trustPolicy, 'trust').statements;
  } catch {
    return undefined;
  }
  for (const s of statements) {
    if (s.principal === undefined || s.principal.wildcard) continue;
    for (const entry of s.principal.entries) {
      for (const value of entry.values) {
        const account = PROVIDER_ACCOUNT.exec(value)?.[1];
        if (account !== undefined) return account;
      }
    }
  }
  return undefined;
}

/**
 * `--jwks FILE`: verify with these keys instead of the issuer's, by handing explain provider
 * records that carry them as static keys — the path STS itself takes for unreachable issuers
 * (GitLab issue 391928), so no second key-selection logic exists.
 */
export function withStaticJwks(directory: ExplainDirectory, jwks: string): ExplainDirectory {
  return {
    findOidcProviderByUrl: async (account, url) => {
      const provider = await directory.findOidcProviderByUrl(account, url);
      return provider === undefined ? undefined : { ...provider, staticJwks: jwks };
    },
    getRoleByArn: (arn) => directory.getRoleByArn(arn),
  };
}
