/**
 * sts:AssumeRole in process: the admin key (the account) and assumed-role sessions as callers,
 * the target's trust policy for an AWS principal, ExternalId, session policies, tags and
 * transitive tags along a chain, SourceIdentity kept, the chained one-hour cap, AWS's texts and
 * the result's shape. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../src/aws/error.js';
import type { Caller } from '../../src/aws/service.js';
import type { WireStruct } from '../../src/aws/shape.js';
import { newRoleId } from '../../src/aws/ids.js';
import type { RoleRecord } from '../../src/store/records.js';
import { createSessionCredentialResolver } from '../../src/sts/credentials/resolve-session-credentials.js';
import { ACCOUNT, call, context, gitlabClaims, NOW, ROLE_ARN, newWorld, signToken, trustPolicy, type World } from './world.js';

const ADMIN: Caller = { kind: 'admin', accountId: ACCOUNT, accessKeyId: 'AKIAADMIN', arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT };

function awsError(code: string, message: string, status = 400) {
  return (err: unknown) => {
    assert.ok(err instanceof AwsError, String(err));
    assert.deepEqual({ code: err.code, message: err.message, status: err.status }, { code, message, status });
    return true;
  };
}

function addRole(world: World, name: string, trust: object[], maxSessionDuration = 3600): RoleRecord {
  const role: RoleRecord = {
    accountId: ACCOUNT,
    roleId: newRoleId(ACCOUNT),
    roleName: name,
    path: '/',
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    assumeRolePolicyDocument: trustPolicy(trust),
    description: null,
    maxSessionDuration,
    permissionsBoundaryArn: null,
    tags: [],
    createdAt: NOW,
  };
  world.directory.roles.push(role);
  return role;
}

function awsTrust(principal: string | string[], extra: Record<string, unknown> = {}, action: string | string[] = 'sts:AssumeRole'): object {
  return { Effect: 'Allow', Principal: { AWS: principal }, Action: action, ...extra };
}

async function assumeRole(world: World, caller: Caller, values: Record<string, string>) {
  const ctx = { ...context(), caller };
  return (await call(world, 'AssumeRole', { RoleSessionName: 'step', ...values }, ctx)) as WireStruct & {
    Credentials: { AccessKeyId: string; SessionToken: string; Expiration: Date };
    AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  };
}

/** The caller a minted session's credentials resolve to, as SigV4 verification would give it. */
async function sessionCaller(world: World, result: { Credentials: { AccessKeyId: string; SessionToken: string } }): Promise<Caller> {
  return (await createSessionCredentialResolver(world.ring)(result.Credentials.AccessKeyId, result.Credentials.SessionToken, NOW)).caller;
}

test('the admin key assumes a role whose trust policy names the account; result members in AWS order', async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(ACCOUNT)]);
  const result = await assumeRole(world, ADMIN, { RoleArn: a.arn });
  assert.deepEqual(
    Object.keys(result).filter((k) => result[k] !== undefined),
    ['Credentials', 'AssumedRoleUser'],
  );
  assert.deepEqual(Object.keys(result), ['Credentials', 'AssumedRoleUser', 'PackedPolicySize', 'SourceIdentity']);
  assert.equal(result.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/A/step`);
  assert.equal(result.AssumedRoleUser.AssumedRoleId, `${a.roleId}:step`);
  assert.equal(result.Credentials.Expiration.getTime(), NOW.getTime() + 3600_000);
  assert.match(result.Credentials.AccessKeyId, /^ASIA/);
  const caller = await sessionCaller(world, result);
  assert.equal(caller.kind === 'assumed-role' && caller.roleArn, a.arn);
  assert.equal(world.directory.decisions.at(-1)?.action, 'sts:AssumeRole');
  assert.equal(world.directory.decisions.at(-1)?.decision, 'allowed');
});

test(":root and the role ARN both name principals: a role ARN matches that role's sessions, not another role's", async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(`arn:aws:iam::${ACCOUNT}:root`)]);
  const other = addRole(world, 'Other', [awsTrust(ACCOUNT)]);
  const b = addRole(world, 'B', [awsTrust(a.arn)]);
  const sessionA = await sessionCaller(world, await assumeRole(world, ADMIN, { RoleArn: a.arn }));
  const sessionOther = await sessionCaller(world, await assumeRole(world, ADMIN, { RoleArn: other.arn, RoleSessionName: 'oo' }));
  const chained = await assumeRole(world, sessionA, { RoleArn: b.arn, RoleSessionName: 'chained' });
  assert.equal(chained.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/B/chained`);
  await assert.rejects(
    assumeRole(world, sessionOther, { RoleArn: b.arn }),
    awsError(
      'AccessDenied',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/Other/oo is not authorized to perform: sts:AssumeRole on resource: ${b.arn}`,
      403,
    ),
  );
  assert.equal(world.directory.decisions.at(-1)?.decision, 'denied');
  // The admin key is not role A: a trust policy naming only A refuses it.
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: b.arn }),
    awsError('AccessDenied', `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${b.arn}`, 403),
  );
});

test('a trust policy naming the session ARN matches that session; a missing role answers like a refusal', async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(ACCOUNT)]);
  const b = addRole(world, 'B', [awsTrust(`arn:aws:sts::${ACCOUNT}:assumed-role/A/named`)]);
  const named = await sessionCaller(world, await assumeRole(world, ADMIN, { RoleArn: a.arn, RoleSessionName: 'named' }));
  const other = await sessionCaller(world, await assumeRole(world, ADMIN, { RoleArn: a.arn, RoleSessionName: 'other' }));
  await assumeRole(world, named, { RoleArn: b.arn });
  await assert.rejects(assumeRole(world, other, { RoleArn: b.arn }), (e: unknown) => e instanceof AwsError && e.code === 'AccessDenied');
  const missing = `arn:aws:iam::${ACCOUNT}:role/Missing`;
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: missing }),
    awsError(
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
      403,
    ),
  );
});

test('ExternalId is sts:ExternalId: wrong or missing is AccessDenied', async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(ACCOUNT, { Condition: { StringEquals: { 'sts:ExternalId': 'tenant-42' } } })]);
  await assumeRole(world, ADMIN, { RoleArn: a.arn, ExternalId: 'tenant-42' });
  const denied = awsError(
    'AccessDenied',
    `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${a.arn}`,
    403,
  );
  await assert.rejects(assumeRole(world, ADMIN, { RoleArn: a.arn, ExternalId: 'tenant-43' }), denied);
  await assert.rejects(assumeRole(world, ADMIN, { RoleArn: a.arn }), denied);
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: a.arn, ExternalId: 'a b' }),
    awsError(
      'ValidationError',
      "1 validation error detected: Value 'a b' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    ),
  );
});

test('DurationSeconds: 900..MaxSessionDuration, default 3600, at most one hour when chained', async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(ACCOUNT)], 43200);
  const b = addRole(world, 'B', [awsTrust(a.arn)], 43200);
  const long = await assumeRole(world, ADMIN, { RoleArn: a.arn, DurationSeconds: '7200' });
  assert.equal(long.Credentials.Expiration.getTime(), NOW.getTime() + 7200_000);
  const sessionA = await sessionCaller(world, long);
  await assert.rejects(
    assumeRole(world, sessionA, { RoleArn: b.arn, DurationSeconds: '7200' }),
    awsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'),
  );
  const chained = await assumeRole(world, sessionA, { RoleArn: b.arn, DurationSeconds: '3600' });
  assert.equal(chained.Credentials.Expiration.getTime(), NOW.getTime() + 3600_000);
  const small = addRole(world, 'Small', [awsTrust(ACCOUNT)], 3600);
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: small.arn, DurationSeconds: '3601' }),
    awsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
  );
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: small.arn, DurationSeconds: '899' }),
    awsError(
      'ValidationError',
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ),
  );
});

test('transitive tags pass along the chain as principal tags, cannot be overridden; tags need sts:TagSession', async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(ACCOUNT, {}, ['sts:AssumeRole', 'sts:TagSession'])]);
  const b = addRole(world, 'B', [
    awsTrust(a.arn, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }, ['sts:AssumeRole', 'sts:TagSession']),
  ]);
  const noTagSession = addRole(world, 'NoTagSession', [awsTrust(ACCOUNT)]);
  const tagged = await assumeRole(world, ADMIN, {
    RoleArn: a.arn,
    'Tags.member.1.Key': 'team',
    'Tags.member.1.Value': 'blue',
    'Tags.member.2.Key': 'temp',
    'Tags.member.2.Value': 'x',
    'TransitiveTagKeys.member.1': 'team',
  });
  assert.equal(typeof tagged['PackedPolicySize'], 'number');
  const untagged = await assumeRole(world, ADMIN, { RoleArn: a.arn, RoleSessionName: 'plain' });
  const sessionA = await sessionCaller(world, tagged);
  const chained = await assumeRole(world, sessionA, { RoleArn: b.arn });
  await assert.rejects(
    assumeRole(world, await sessionCaller(world, untagged), { RoleArn: b.arn }),
    (e: unknown) => e instanceof AwsError && e.code === 'AccessDenied',
  );
  // B's session carries team (transitive, still transitive) and not temp.
  const sessionB = await sessionCaller(world, chained);
  assert.ok(sessionB.kind === 'assumed-role');
  assert.deepEqual(sessionB.sessionTags, [{ key: 'team', value: 'blue' }]);
  assert.deepEqual(sessionB.transitiveTagKeys, ['team']);
  await assert.rejects(
    assumeRole(world, sessionA, { RoleArn: b.arn, 'Tags.member.1.Key': 'Team', 'Tags.member.1.Value': 'red' }),
    (e: unknown) => e instanceof AwsError && e.code === 'InvalidParameterValue',
  );
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: noTagSession.arn, 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' }),
    awsError(
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:TagSession on resource: ${noTagSession.arn}`,
      403,
    ),
  );
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: a.arn, 'Tags.member.1.Key': 'x', 'Tags.member.1.Value': 'y', 'TransitiveTagKeys.member.1': 'z' }),
    awsError('InvalidParameterValue', 'The specified transitive tag key must be included in the requested tags.'),
  );
});

test('SourceIdentity is set once and kept along the chain; every role after it must allow sts:SetSourceIdentity', async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(ACCOUNT, {}, ['sts:AssumeRole', 'sts:SetSourceIdentity'])]);
  const b = addRole(world, 'B', [awsTrust(a.arn, {}, ['sts:AssumeRole', 'sts:SetSourceIdentity'])]);
  const plainB = addRole(world, 'PlainB', [awsTrust(a.arn)]);
  const first = await assumeRole(world, ADMIN, { RoleArn: a.arn, SourceIdentity: 'alice' });
  assert.equal(first['SourceIdentity'], 'alice');
  const sessionA = await sessionCaller(world, first);
  const chained = await assumeRole(world, sessionA, { RoleArn: b.arn });
  assert.equal(chained['SourceIdentity'], 'alice');
  await assumeRole(world, sessionA, { RoleArn: b.arn, SourceIdentity: 'alice' });
  await assert.rejects(
    assumeRole(world, sessionA, { RoleArn: b.arn, SourceIdentity: 'mallory' }),
    (e: unknown) => e instanceof AwsError && e.code === 'InvalidParameterValue',
  );
  await assert.rejects(
    assumeRole(world, sessionA, { RoleArn: plainB.arn }),
    awsError(
      'AccessDenied',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/A/step is not authorized to perform: sts:SetSourceIdentity on resource: ${plainB.arn}`,
      403,
    ),
  );
});

test('session policies (Policy, PolicyArns) travel in the new session; a bad one is MalformedPolicyDocument', async () => {
  const world = await newWorld();
  const a = addRole(world, 'A', [awsTrust(ACCOUNT)]);
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  const result = await assumeRole(world, ADMIN, {
    RoleArn: a.arn,
    Policy: policy,
    'PolicyArns.member.1.arn': `arn:aws:iam::${ACCOUNT}:policy/nothing`,
  });
  assert.equal(typeof result['PackedPolicySize'], 'number');
  const session = await sessionCaller(world, result);
  assert.ok(session.kind === 'assumed-role');
  assert.equal(session.sessionPolicies.length, 2);
  assert.equal(session.sessionPolicies[0], policy);
  await assert.rejects(
    assumeRole(world, ADMIN, { RoleArn: a.arn, Policy: '{"Statement":' }),
    (e: unknown) => e instanceof AwsError && e.code === 'MalformedPolicyDocument',
  );
});

test('a web-identity session chains into a role that trusts its role', async () => {
  const world = await newWorld();
  const b = addRole(world, 'B', [awsTrust(ROLE_ARN)]);
  const token = await signToken(world.issuer, gitlabClaims());
  const web = (await call(world, 'AssumeRoleWithWebIdentity', { RoleArn: ROLE_ARN, RoleSessionName: 'ci', WebIdentityToken: token })) as {
    Credentials: { AccessKeyId: string; SessionToken: string };
  };
  const chained = await assumeRole(world, await sessionCaller(world, web), { RoleArn: b.arn });
  assert.equal(chained.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/B/step`);
});
