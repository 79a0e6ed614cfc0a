/**
 * The two look-ups explain makes (ExplainDirectory), answered by IAM over the signed Query
 * client instead of the store: GetRole for the role, ListOpenIDConnectProviders +
 * GetOpenIDConnectProvider for the provider. IAM's wire forms are turned back into the records
 * the store would hold: the trust policy arrives URL-encoded, a provider's Url without its scheme.
 */
import { QueryCallError, type QueryClient, type XmlElement } from '../../aws/query-client.js';
import type { OidcProviderRecord, RoleRecord, Tag } from '../../store/records.js';
import { parseRoleArn } from '../../sts/index.js';
import { STATIC_JWKS_TAG } from '../../workspace/static-jwks-tag.js';
import type { ExplainDirectory } from '../explain/explain-assume.js';

/**
 * @param warnings receives a line when the provider holds static keys: IAM cannot report the keys
 *   themselves (only `apply`'s hash tag says they exist), so explain fetches from the issuer
 *   where STS would not, unless given --jwks.
 */
export function remoteDirectory(client: QueryClient, warnings: string[]): ExplainDirectory {
  let providers: Promise<OidcProviderRecord[]> | undefined;
  return {
    async findOidcProviderByUrl(accountId, url) {
      providers ??= readProviders(client);
      const found = (await providers).find((p) => p.accountId === accountId && p.url === url);
      if (found !== undefined && found.tags.some((t) => t.key === STATIC_JWKS_TAG)) {
        warnings.push(`${found.arn} holds static keys that the API cannot return: keys were fetched from the issuer instead; pass --jwks FILE with the provider's keys to check them`);
      }
      return found;
    },
    async getRoleByArn(arn) {
      const ref = parseRoleArn(arn);
      if (ref === undefined) return undefined;
      let role: XmlElement | undefined;
      try {
        role = (await client.call('iam', 'GetRole', { RoleName: arn.slice(arn.lastIndexOf('/') + 1) })).child('Role');
      } catch (err) {
        if (err instanceof QueryCallError && err.code === 'NoSuchEntity') return undefined;
        throw err;
      }
      // GetRole looks names up case-insensitively and ignores the path; the store matches the ARN exactly.
      return role === undefined || role.text('Arn') !== arn ? undefined : roleRecord(role, ref.accountId);
    },
  };
}

async function readProviders(client: QueryClient): Promise<OidcProviderRecord[]> {
  const list = await client.call('iam', 'ListOpenIDConnectProviders');
  const arns = list.members('OpenIDConnectProviderList').map((m) => m.text('Arn') ?? '');
  return Promise.all(arns.map(async (arn) => {
    const p = await client.call('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    return {
      accountId: /^arn:[^:]+:iam::([0-9]{12}):/.exec(arn)?.[1] ?? '',
      arn,
      // IAM reports the URL without its scheme; tokens' iss (and the store) carry https://.
      url: `https://${p.text('Url') ?? ''}`,
      clientIds: p.members('ClientIDList').map((m) => m.content),
      thumbprints: p.members('ThumbprintList').map((m) => m.content),
      tags: tags(p.members('Tags')),
      createdAt: new Date(p.text('CreateDate') ?? 0),
      staticJwks: null,
    };
  }));
}

function roleRecord(role: XmlElement, accountId: string): RoleRecord {
  return {
    accountId,
    roleId: role.text('RoleId') ?? '',
    roleName: role.text('RoleName') ?? '',
    path: role.text('Path') ?? '/',
    arn: role.text('Arn') ?? '',
    // IAM returns policy documents URL-encoded (RFC 3986), as AWS does.
    assumeRolePolicyDocument: decodeURIComponent(role.text('AssumeRolePolicyDocument') ?? ''),
    description: role.text('Description') ?? null,
    maxSessionDuration: Number(role.text('MaxSessionDuration') ?? 3600),
    permissionsBoundaryArn: role.child('PermissionsBoundary')?.text('PermissionsBoundaryArn') ?? null,
    tags: tags(role.members('Tags')),
    createdAt: new Date(role.text('CreateDate') ?? 0),
  };
}

function tags(members: XmlElement[]): Tag[] {
  return members.map((t) => ({ key: t.text('Key') ?? '', value: t.text('Value') ?? '' }));
}
