/**
 * One SigV4 credential resolver for the whole API: ASIA… keys are session credentials, opened
 * from their sealed token with no store read; any other key is an admin key kept (encrypted) in
 * the store: AKIA… when generated, whatever the operator fixed (`test`) otherwise. A key the
 * store does not hold is one AWS would not know.
 */
import { timingSafeEqual } from 'node:crypto';
import { invalidClientTokenId, type CredentialResolver } from '../aws/sigv4/index.js';
import type { AccessKeyStore } from '../store/store.js';

export function createCredentialResolver(store: Pick<AccessKeyStore, 'findAccessKey'>, sessions: CredentialResolver): CredentialResolver {
  return async (accessKeyId, sessionToken, now) => {
    if (accessKeyId.startsWith('ASIA')) return sessions(accessKeyId, sessionToken, now);
    if (sessionToken !== undefined) throw invalidClientTokenId();
    const key = await store.findAccessKey(accessKeyId);
    if (key === undefined || key.status !== 'Active' || !sameText(key.accessKeyId, accessKeyId)) throw invalidClientTokenId();
    return {
      secretAccessKey: key.secretAccessKey,
      // An admin key acts as the account root, as the first key of a new AWS account does.
      caller: {
        kind: 'admin',
        accountId: key.accountId,
        accessKeyId,
        arn: `arn:aws:iam::${key.accountId}:root`,
        userId: key.accountId,
      },
    };
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
