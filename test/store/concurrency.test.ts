/**
 * Two `serve` nodes on one PostgreSQL: checks-then-writes (quotas, uniqueness) stay correct
 * when the same request races on both, because IAM runs them in SERIALIZABLE transactions that
 * the store retries on serialization failures.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { AwsError } from '../../src/aws/error.js';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import { ACCOUNT, iamHarness, identityPolicy, TRUST } from '../iam/harness.js';
import { postgresBackend } from './backends.js';

const backend = postgresBackend();
after(() => backend.cleanup());

function outcome(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok';
  return result.reason instanceof AwsError ? result.reason.code : `unexpected: ${String(result.reason)}`;
}

it('two nodes racing on one PostgreSQL never exceed a quota nor duplicate a role', async () => {
  const url = backend.freshUrl();
  const masterKey = MasterKey.ephemeral();
  const [a, b] = await Promise.all([openStore(url, masterKey), openStore(url, masterKey)]);
  try {
    const nodeA = iamHarness(a);
    const nodeB = iamHarness(b);
    const arn = `arn:aws:iam::${ACCOUNT}:policy/raced`;
    await nodeA.call('CreatePolicy', { PolicyName: 'raced', PolicyDocument: identityPolicy() });
    for (let v = 2; v <= 4; v++) await nodeA.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: identityPolicy(0, `s3:V${v}`) });

    // One slot left: exactly one of the racing fifth versions may win.
    const versions = await Promise.allSettled([
      nodeA.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: identityPolicy(0, 's3:A') }),
      nodeB.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: identityPolicy(0, 's3:B') }),
    ]);
    assert.deepEqual(versions.map(outcome).sort(), ['LimitExceeded', 'ok']);
    assert.equal((await a.listPolicyVersions(arn)).length, 5);

    const roles = await Promise.allSettled(
      [nodeA, nodeB, nodeA, nodeB].map((node, i) => node.call('CreateRole', { RoleName: i % 2 ? 'Same' : 'same', AssumeRolePolicyDocument: TRUST })),
    );
    assert.deepEqual(roles.map(outcome).sort(), ['EntityAlreadyExists', 'EntityAlreadyExists', 'EntityAlreadyExists', 'ok']);
    assert.equal(await b.countRoles(ACCOUNT), 1);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
