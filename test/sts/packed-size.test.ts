/**
 * PackedPolicySize against the AWS answers recorded with their inputs, through sts:AssumeRole as
 * the recordings made them. The packing itself is not public; src/sts/packed-size.ts says how its
 * model was fitted on these.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsError } from '../../src/aws/error.js';
import type { Caller } from '../../src/aws/service.js';
import { newRoleId } from '../../src/aws/ids.js';
import { packedPolicySize } from '../../src/sts/packed-size.js';
import { ACCOUNT, call, context, NOW, newWorld, trustPolicy, type World } from './world.js';

const ADMIN: Caller = { kind: 'admin', accountId: ACCOUNT, accessKeyId: 'AKIAADMIN', arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT };

async function worldWithRole(): Promise<{ world: World; roleArn: string }> {
  const world = await newWorld();
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/packed`;
  world.directory.roles.push({
    accountId: ACCOUNT,
    roleId: newRoleId(ACCOUNT),
    roleName: 'packed',
    path: '/',
    arn: roleArn,
    assumeRolePolicyDocument: trustPolicy([{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]),
    description: null,
    maxSessionDuration: 3600,
    permissionsBoundaryArn: null,
    tags: [],
    createdAt: NOW,
  });
  return { world, roleArn };
}

async function assumeRole(values: Record<string, string>): Promise<Record<string, unknown>> {
  const { world, roleArn } = await worldWithRole();
  return (await call(
    world,
    'AssumeRole',
    { RoleArn: roleArn, RoleSessionName: 'packed', ...values },
    { ...context(), caller: ADMIN },
  )) as Record<string, unknown>;
}

test('an inline session policy alone: 16 %, as AWS answered', async () => {
  // localstack/localstack tests/aws/services/sts/test_sts.py::test_assume_role_with_policy sends
  // Python's json.dumps of this policy (separators ", " and ": "); its AWS recording
  // (test_sts.snapshot.json, 09-02-2026) has "PackedPolicySize": 16.
  const policy =
    '{"Version": "2012-10-17", "Statement": [{"Sid": "RestrictedAccess", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::example-bucket/*"]}]}';
  const result = await assumeRole({ Policy: policy });
  assert.equal(result['PackedPolicySize'], 16);
});

test('nine tags of 250 letters: PackedPolicyTooLarge at 498 %, as AWS answered', async () => {
  // aws-actions/configure-aws-credentials#1898 (maintainer's comment, 2026-07-21):
  //   aws sts assume-role … --tags $(for i in $(seq 1 9); do printf 'Key=T%d,Value=%s ' "$i" "$(head -c 250 </dev/zero | tr '\0' a)"; done)
  //   An error occurred (PackedPolicyTooLarge) … Packed size of session tags consumes 498% of allotted space.
  const tags = Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [
      [`Tags.member.${i + 1}.Key`, `T${i + 1}`],
      [`Tags.member.${i + 1}.Value`, 'a'.repeat(250)],
    ]).flat(),
  );
  await assert.rejects(assumeRole(tags), (err: unknown) => {
    assert.ok(err instanceof AwsError, String(err));
    assert.deepEqual(
      { code: err.code, message: err.message, status: err.status },
      { code: 'PackedPolicyTooLarge', message: 'Packed size of session tags consumes 498% of allotted space.', status: 400 },
    );
    return true;
  });
});

test('nothing packed: no PackedPolicySize (absent from every AWS capture without policy or tags)', () => {
  assert.equal(packedPolicySize({ policy: undefined, policyArns: [], tags: [], transitiveTagKeys: [] }), undefined);
});

test("layout does not count; a policy that alone overflows gets AWS's policy sentence", () => {
  const compact = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  const indented = JSON.stringify(JSON.parse(compact), null, 4);
  const size = (policy: string) => packedPolicySize({ policy, policyArns: [], tags: [], transitiveTagKeys: [] });
  assert.equal(size(indented), size(compact));
  // Random resource names hardly compress: under 2,048 characters (the plain-text limit), yet too large packed.
  const random = (seed: string) => createHash('sha256').update(seed).digest('base64url');
  const resources = Array.from(
    { length: 24 },
    (_, i) => `arn:aws:s3:::${random(`b${i}`).slice(0, 20).toLowerCase()}/${random(`k${i}`).slice(0, 40)}`,
  );
  const large = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] });
  assert.ok(large.length < 2048);
  assert.throws(
    () => size(large),
    (err: unknown) =>
      err instanceof AwsError &&
      err.code === 'PackedPolicyTooLarge' &&
      /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/.test(err.message),
  );
});
