/**
 * Findings 3 and 4 (issue 10): the decision log is written for unauthenticated callers, so what
 * one record may hold is bounded — a junk token for an unknown account leaves a small summary
 * filed under this deployment's account, claims are depth- and size-capped, and a deeply nested
 * claim is an ordinary decision, never a ServiceFailure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSign, randomBytes } from 'node:crypto';
import { AwsError } from '../../src/aws/error.js';
import type { DecisionRecord } from '../../src/store/records.js';
import { boundDecisionRecord, MAX_DECISION_BYTES } from '../../src/sts/decision-bounds.js';
import { ACCOUNT, assumeParams, call, gitlabClaims, newWorld, signToken, type Issuer, type World } from '../sts/world.js';

/** A real store serialises the record; so does this one, so a record that cannot be stored fails here too. */
function storingWorld(world: World): DecisionRecord[] {
  const stored: DecisionRecord[] = [];
  world.directory.recordDecision = async (record) => {
    JSON.parse(JSON.stringify(record));
    stored.push(record);
  };
  return stored;
}

/** Signs a payload given as JSON text, so its shape is exactly what an attacker sends. */
function signRaw(issuer: Issuer, payloadJson: string): string {
  const header = Buffer.from(JSON.stringify({ kid: issuer.kid, typ: 'JWT', alg: 'RS256' })).toString('base64url');
  const payload = Buffer.from(payloadJson).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(issuer.privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

test('a 20 KB junk token for an unknown account leaves a small summary under this deployment\'s account', async () => {
  const world = await newWorld();
  const stored = storingWorld(world);
  const junk = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${randomBytes(14_800).toString('base64url')}.sig`;
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(junk, { RoleArn: 'arn:aws:iam::999999999999:role/anything' })), AwsError);
  const record = stored.at(-1);
  assert.ok(record);
  assert.equal(record.accountId, ACCOUNT);
  assert.ok(JSON.stringify(record).length < 2048, `summary of ${JSON.stringify(record).length} bytes`);
});

test('a token for an unknown issuer stores no claim payload, however large', async () => {
  const world = await newWorld();
  const stored = storingWorld(world);
  const token = await signToken(world.issuer, gitlabClaims({ iss: 'https://elsewhere.example', filler: 'x'.repeat(12_000) }));
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token)), AwsError);
  const record = stored.at(-1);
  assert.ok(record);
  assert.ok(!JSON.stringify(record).includes('xxxxxxxx'), 'no claim payload kept');
  assert.ok(JSON.stringify(record).length < 4096);
});

test('a 7,000-deep claim is a decision like any other, stored capped', async () => {
  const world = await newWorld();
  const stored = storingWorld(world);
  const { iss, sub, aud, exp, iat, nbf } = gitlabClaims();
  const claims = JSON.stringify({ iss, sub, aud, exp, iat, nbf });
  // 7,000 levels fit under STS's 20,000-character token limit only with a minimal claim set.
  const token = signRaw(world.issuer, `${claims.slice(0, -1)},"deep":${'['.repeat(7000)}${']'.repeat(7000)}}`);
  await call(world, 'AssumeRoleWithWebIdentity', assumeParams(token));
  const record = stored.at(-1);
  assert.equal(record?.decision, 'allowed');
  assert.ok(JSON.stringify(record).length <= MAX_DECISION_BYTES);
});

test('a verified token\'s claims are kept, but each capped in size', async () => {
  const world = await newWorld();
  const stored = storingWorld(world);
  const token = await signToken(world.issuer, gitlabClaims({ filler: 'x'.repeat(6_000), many: Array.from({ length: 600 }, (_, i) => i) }));
  await call(world, 'AssumeRoleWithWebIdentity', assumeParams(token));
  const record = stored.at(-1);
  assert.ok(record);
  const json = JSON.stringify(record);
  assert.ok(json.length <= MAX_DECISION_BYTES, `${json.length} bytes`);
  const claims = (record.details as { claims: Record<string, unknown> }).claims;
  assert.equal(claims['project_path'], 'mygroup/myproject');
  assert.ok(String(claims['filler']).length < 1100, 'a long claim is clipped');
  assert.ok((claims['many'] as unknown[]).length < 100, 'a long list is clipped');
});

test('a record is kept whole up to exactly MAX_DECISION_BYTES serialised, and summarised one byte over', () => {
  const record = (lastClaim: number): DecisionRecord => ({
    id: '2f1d3c4b-0000-4000-8000-000000000000', time: new Date('2026-11-25T12:00:00Z'), accountId: ACCOUNT, action: 'sts:AssumeRoleWithWebIdentity',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/gitlab-deploy`, providerArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`,
    issuer: 'https://gitlab.example.com', subject: 'project_path:mygroup/myproject:ref_type:branch:ref:main', sessionName: 'ci-job',
    decision: 'allowed', errorCode: null, reason: 'allowed by trust-policy statement #0', matchedStatement: '#0',
    details: { steps: [], claims: { ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`c${i}`, 'x'.repeat(1000)])), last: 'y'.repeat(lastClaim) } },
  });
  const room = MAX_DECISION_BYTES - JSON.stringify(record(0)).length;
  assert.ok(room > 0 && room <= 1024, `room ${room}`);
  // Just under the cap the worst-case estimate is over it, so the exact measure decides.
  const atCap = boundDecisionRecord(record(room));
  assert.equal(JSON.stringify(atCap).length, MAX_DECISION_BYTES);
  assert.deepEqual(atCap.details, record(room).details);
  const over = boundDecisionRecord(record(room + 1));
  assert.match(String((over.details as { truncated?: unknown }).truncated), /details exceeded 16384 bytes/);
});
