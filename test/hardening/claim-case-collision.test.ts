/**
 * Finding 2 (issue 10): a claim whose name differs from another only in case must never decide
 * a condition. Condition keys are case-insensitive (IAM user guide, "IAM JSON policy elements:
 * Condition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
 * so `SUB` and `sub` name the same key and whichever came last would win.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../src/aws/error.js';
import { assumeParams, call, gitlabClaims, MAIN_SUB, newWorld, signToken, trustPolicy, webIdentityStatement } from '../sts/world.js';

function denied(err: unknown): boolean {
  return err instanceof AwsError && err.code === 'AccessDenied';
}

test('"SUB" does not shadow the token\'s real "sub"; the record says the colliding claims were dropped', async () => {
  const world = await newWorld();
  const token = await signToken(world.issuer, gitlabClaims({ sub: 'bad-subject', SUB: MAIN_SUB }));
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token)), denied);
  const record = world.directory.decisions.at(-1);
  assert.equal(record?.subject, 'bad-subject');
  assert.deepEqual((record?.details as { droppedClaims?: unknown }).droppedClaims, ['SUB']);
});

test('a look-alike of a standard key never stands in for it, even alone', async () => {
  const world = await newWorld();
  const token = await signToken(world.issuer, gitlabClaims({ Sub: MAIN_SUB, sub: 'bad-subject' }));
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token)), denied);
});

test('two extension claims that collide case-insensitively are both dropped, so neither decides', async () => {
  const trust = trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:environment': 'production' } })]);
  const world = await newWorld(trust);
  for (const claims of [{ environment: 'staging', Environment: 'production' }, { Environment: 'staging', environment: 'production' }]) {
    const token = await signToken(world.issuer, gitlabClaims(claims));
    await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token)), denied);
  }
  // Unambiguous, the same claim still decides.
  const token = await signToken(world.issuer, gitlabClaims({ environment: 'production' }));
  await call(world, 'AssumeRoleWithWebIdentity', assumeParams(token));
});
