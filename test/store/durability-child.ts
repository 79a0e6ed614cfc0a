/**
 * Child process for durability.test.ts: CreateRole in a loop, printing "ack <name>" only after
 * each call has returned, until it is killed.
 *
 *   durability-child store <store-url> <key-dir>   the IAM service straight on a store
 *   durability-child stack <data-dir>              the whole API (startApi: cache, change feed,
 *                                                  decision writer) while a stream of
 *                                                  AssumeRoleWithWebIdentity calls keeps the
 *                                                  decision writer committing beside the IAM writes
 */
import { QueryParams } from '../../src/aws/query-params.js';
import type { QueryService } from '../../src/aws/service.js';
import { createIamService } from '../../src/iam/service.js';
import { startApi } from '../../src/stack/api.js';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import { ACCOUNT, ADMIN, TRUST } from '../iam/harness.js';

const [mode, ...args] = process.argv.slice(2);

async function iamService(): Promise<QueryService> {
  if (mode === 'store') {
    const [url, keyDir] = args;
    if (!url || !keyDir) throw new Error('usage: durability-child store <store-url> <key-dir>');
    return createIamService({ store: await openStore(url, MasterKey.loadOrCreate(keyDir)) });
  }
  const [dir] = args;
  if (mode !== 'stack' || !dir) throw new Error('usage: durability-child stack <data-dir>');
  const api = await startApi({ dir, port: 0, logLevel: 'silent' });
  void decisionStream(api.url);
  return api.iam;
}

/** Denied web-identity calls, back to back: each queues a decision record. */
async function decisionStream(url: string): Promise<void> {
  const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: `arn:aws:iam::${ACCOUNT}:role/burst-0`, RoleSessionName: 'burst', WebIdentityToken: 'not-a-jwt' }).toString();
  for (;;) {
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await response.arrayBuffer();
  }
}

const createRole = (await iamService()).actions.get('CreateRole')!;
const trust = TRUST;
for (let i = 0; ; i++) {
  const name = `burst-${i}`;
  await createRole(QueryParams.from([['RoleName', name], ['AssumeRolePolicyDocument', trust]]), {
    requestId: name, caller: ADMIN, accountId: ACCOUNT, now: new Date(), sourceIp: '127.0.0.1', responseHeaders: {},
  });
  process.stdout.write(`ack ${name}\n`);
}
