/**
 * Child process for durability.test.ts: CreateRole in a loop against a SQLite store, printing
 * "ack <name>" only after each call has returned, until it is killed.
 */
import { QueryParams } from '../../src/aws/query-params.js';
import { createIamService } from '../../src/iam/service.js';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import { ACCOUNT, ADMIN, TRUST } from '../iam/harness.js';

const [url, keyDir] = process.argv.slice(2);
if (!url || !keyDir) throw new Error('usage: durability-child <store-url> <key-dir>');
const store = await openStore(url, MasterKey.loadOrCreate(keyDir));
const createRole = createIamService({ store }).actions.get('CreateRole')!;
const trust = TRUST;
for (let i = 0; ; i++) {
  const name = `burst-${i}`;
  await createRole(QueryParams.from([['RoleName', name], ['AssumeRolePolicyDocument', trust]]), {
    requestId: name, caller: ADMIN, accountId: ACCOUNT, now: new Date(), sourceIp: '127.0.0.1', responseHeaders: {},
  });
  process.stdout.write(`ack ${name}\n`);
}
