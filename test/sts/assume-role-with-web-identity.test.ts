/**
 * The AssumeRoleWithWebIdentity pipeline end to end, in process: jose-signed tokens (independent
 * of the verifier), the real oidc verifier fed through the provider's static JWKS, the real policy
 * engine, and an in-memory StsDirectory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsError } from '../../src/aws/error.js';
import type { WireStruct } from '../../src/aws/shape.js';
import { accountFromKeyId } from '../../src/aws/ids.js';
import { authorizeCall, compilePolicy } from '../../src/policy/index.js';
import { createSessionCredentialResolver } from '../../src/sts/credentials/resolve-session-credentials.js';
import {
  ACCOUNT, assumeParams, call, context, gitlabClaims, ISSUER, MAIN_SUB, newIssuer, newWorld, NOW, PROVIDER_ARN, ROLE_ARN, ROLE_NAME,
  signToken, trustPolicy, webIdentityStatement, type World,
} from './world.js';

// aws/aws-sdk-java-v2#1470: one message for a missing role and for every trust failure.
function accessDenied(err: unknown): boolean {
  return err instanceof AwsError && err.code === 'AccessDenied' && err.status === 403 &&
    err.message === 'Not authorized to perform sts:AssumeRoleWithWebIdentity';
}

function awsError(code: string, message: string, status = 400) {
  return (err: unknown) => {
    assert.ok(err instanceof AwsError, String(err));
    assert.deepEqual({ code: err.code, message: err.message, status: err.status }, { code, message, status });
    return true;
  };
}

function subTrust(operator: string, value: string): string {
  return trustPolicy([webIdentityStatement({ [operator]: { 'gitlab.example.com:sub': value } })]);
}

async function assume(world: World, claims = gitlabClaims(), extra: Record<string, string> = {}, ctx = context()) {
  const token = await signToken(world.issuer, claims);
  return { token, result: (await call(world, 'AssumeRoleWithWebIdentity', assumeParams(token, extra), ctx)) as WireStruct, ctx };
}

function lastDecision(world: World) {
  const record = world.directory.decisions.at(-1);
  assert.ok(record, 'a decision was recorded');
  return record;
}

function assertNoSecrets(world: World, token: string, secrets: string[] = []): void {
  const json = JSON.stringify(world.directory.decisions);
  const signature = token.split('.')[2] as string;
  assert.ok(!json.includes(token), 'record holds the token');
  assert.ok(!json.includes(signature), 'record holds the signature');
  for (const s of secrets) assert.ok(!json.includes(s), 'record holds a secret');
}

test('a GitLab ID token (exact claim set and header) assumes the tutorial role; response as AWS sends it', async () => {
  const world = await newWorld();
  const { token, result, ctx } = await assume(world);
  // salrashid123's capture: member order Audience, AssumedRoleUser, Provider, Credentials, SubjectFromWebIdentityToken.
  assert.deepEqual(Object.keys(result).filter((k) => result[k] !== undefined), ['Audience', 'AssumedRoleUser', 'Provider', 'Credentials', 'SubjectFromWebIdentityToken']);
  assert.equal(result['Audience'], ISSUER);
  assert.equal(result['Provider'], PROVIDER_ARN);
  assert.equal(result['SubjectFromWebIdentityToken'], MAIN_SUB);
  assert.deepEqual(result['AssumedRoleUser'], { AssumedRoleId: `${world.role.roleId}:ci-job`, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/ci-job` });
  const creds = result['Credentials'] as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date };
  assert.deepEqual(Object.keys(creds), ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
  assert.match(creds.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(accountFromKeyId(creds.AccessKeyId), ACCOUNT);
  assert.equal(creds.SecretAccessKey.length, 40);
  assert.equal(creds.Expiration.getTime(), NOW.getTime() + 3600_000);

  const record = lastDecision(world);
  assert.equal(ctx.responseHeaders['x-trustbridge-decision-id'], record.id);
  assert.equal(record.decision, 'allowed');
  assert.equal(record.errorCode, null);
  assert.equal(record.roleArn, ROLE_ARN);
  assert.equal(record.providerArn, PROVIDER_ARN);
  assert.equal(record.subject, MAIN_SUB);
  assert.equal(record.sessionName, 'ci-job');
  assert.equal(record.matchedStatement, '#0');
  // A token that passed is one "web identity token" step; of its checks' words only the header's
  // alg and kid are kept (the claims say the rest).
  const details = record.details as Record<string, unknown>;
  assert.deepEqual(details['signingKey'], { alg: 'RS256', kid: world.issuer.kid });
  assert.equal(details['token'], undefined);
  assert.deepEqual((details['steps'] as Array<{ step: string }>).map((s) => s.step).filter((s) => s === 'web identity token'), ['web identity token']);
  assertNoSecrets(world, token, [creds.SecretAccessKey, creds.SessionToken]);

  // The credentials work for a signed call: resolve them as SigV4 would, then GetCallerIdentity.
  const resolved = await createSessionCredentialResolver(world.ring)(creds.AccessKeyId, creds.SessionToken, NOW);
  assert.equal(resolved.secretAccessKey, creds.SecretAccessKey);
  const identity = await call(world, 'GetCallerIdentity', {}, { ...context(), caller: resolved.caller });
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: Arn, UserId, Account.
  assert.deepEqual(identity, { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/ci-job`, UserId: `${world.role.roleId}:ci-job`, Account: ACCOUNT });
});

test('a role with a path: the assumed-role ARN leaves the path out (IAM identifiers doc)', async () => {
  const world = await newWorld();
  const arn = `arn:aws:iam::${ACCOUNT}:role/ci/deploy/${ROLE_NAME}`;
  Object.assign(world.role, { path: '/ci/deploy/', arn });
  const token = await signToken(world.issuer, gitlabClaims());
  const result = (await call(world, 'AssumeRoleWithWebIdentity', assumeParams(token, { RoleArn: arn }))) as WireStruct;
  assert.deepEqual(result['AssumedRoleUser'], { AssumedRoleId: `${world.role.roleId}:ci-job`, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/ci-job` });
  // The ARN without the path names no role.
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token)), accessDenied);
});

test('an ES256 token from the same provider is accepted', async () => {
  const world = await newWorld();
  const ec = await newIssuer('EC');
  world.directory.providers[0]!.staticJwks = ec.jwks;
  const token = await signToken(ec, gitlabClaims(), 'ES256');
  const result = (await call(world, 'AssumeRoleWithWebIdentity', assumeParams(token))) as WireStruct;
  assert.equal(result['SubjectFromWebIdentityToken'], MAIN_SUB);
});

test('another branch is denied, recorded with the failing condition and no token inside', async () => {
  const world = await newWorld();
  const claims = gitlabClaims({ sub: 'project_path:mygroup/myproject:ref_type:branch:ref:feature', ref: 'feature' });
  const token = await signToken(world.issuer, claims);
  const ctx = context();
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token), ctx), accessDenied);
  const record = lastDecision(world);
  assert.equal(ctx.responseHeaders['x-trustbridge-decision-id'], record.id);
  assert.equal(record.decision, 'denied');
  assert.equal(record.errorCode, 'AccessDenied');
  assert.equal(record.subject, 'project_path:mygroup/myproject:ref_type:branch:ref:feature');
  assert.match(record.reason, /sts:AssumeRoleWithWebIdentity/);
  const details = JSON.stringify(record.details);
  assert.ok(details.includes('gitlab.example.com:sub'), 'the failing condition key is in the record');
  assert.ok(details.includes(MAIN_SUB) && details.includes('ref:feature'), 'expected and actual values are in the record');
  assertNoSecrets(world, token);
});

test('StringLike with a wildcard matches every project of the group; StringEquals with the same value never does', async () => {
  const like = await newWorld(subTrust('StringLike', 'project_path:mygroup/*'));
  await assume(like);
  const equals = await newWorld(subTrust('StringEquals', 'project_path:mygroup/*'));
  await assert.rejects(assume(equals), accessDenied);
  assert.match(JSON.stringify(lastDecision(equals).details), /wildcard-in-string-equals/);
});

test('a tag named main does not pass a branch-only trust policy', async () => {
  const world = await newWorld();
  const tag = gitlabClaims({ sub: 'project_path:mygroup/myproject:ref_type:tag:ref:main', ref_type: 'tag', ref_path: 'refs/tags/main' });
  await assert.rejects(assume(world, tag), accessDenied);
});

test('a missing role answers exactly like a trust failure', async () => {
  const world = await newWorld();
  const token = await signToken(world.issuer, gitlabClaims());
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/nope` })), accessDenied);
  assert.equal(lastDecision(world).decision, 'denied');
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(token, { RoleArn: `arn:aws:iam::${ACCOUNT}:user/someone` })), accessDenied);
});

test('Trustbridge extension: GitLab claims as <provider>:<claim> condition keys', async () => {
  const world = await newWorld(trustPolicy([webIdentityStatement({
    StringEquals: { 'gitlab.example.com:project_path': 'mygroup/myproject', 'gitlab.example.com:ref_protected': 'true', 'gitlab.example.com:aud': ISSUER },
    NumericEquals: { 'gitlab.example.com:runner_id': '1' },
  })]));
  await assume(world);
  await assert.rejects(assume(world, gitlabClaims({ ref_protected: 'false' })), accessDenied);
});

test('a provider URL with a port gives keys like localhost:8443:sub', async () => {
  const world = await newWorld(trustPolicy([{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/localhost:8443` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'localhost:8443:sub': MAIN_SUB } } }]));
  Object.assign(world.directory.providers[0]!, { url: 'https://localhost:8443', arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/localhost:8443`, clientIds: ['https://localhost:8443'] });
  const { result } = await assume(world, gitlabClaims({ iss: 'https://localhost:8443', aud: 'https://localhost:8443' }));
  assert.equal(result['Provider'], `arn:aws:iam::${ACCOUNT}:oidc-provider/localhost:8443`);
});

const TAGS = { 'https://aws.amazon.com/tags': { principal_tags: { Project: ['Automation'], CostCenter: ['987654'] }, transitive_tag_keys: ['Project'] } };

test('session tags need sts:TagSession in the trust policy', async () => {
  const without = await newWorld();
  await assert.rejects(assume(without, gitlabClaims(TAGS)), accessDenied);
  assert.match(lastDecision(without).reason, /sts:TagSession/);

  const withTagSession = await newWorld(trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'])]));
  const { result } = await assume(withTagSession, gitlabClaims(TAGS));
  // PackedPolicySize appears only when tags or a session policy are sent.
  assert.equal(typeof result['PackedPolicySize'], 'number');
});

test('a TagSession statement can condition on aws:RequestTag and aws:TagKeys', async () => {
  const world = await newWorld(trustPolicy([
    webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } }),
    { Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:RequestTag/Project': 'Automation' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Project', 'CostCenter'] } } },
  ]));
  await assume(world, gitlabClaims(TAGS));
  await assert.rejects(assume(world, gitlabClaims({ 'https://aws.amazon.com/tags': { principal_tags: { Project: ['Other'] } } })), accessDenied);
});

test('session tag errors: duplicates (case-insensitive), transitive keys, multi-valued tags, limits', async () => {
  const world = await newWorld(trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'])]));
  const tags = (principal_tags: object, transitive_tag_keys: string[] = []) => gitlabClaims({ 'https://aws.amazon.com/tags': { principal_tags, transitive_tag_keys } });
  // localstack/localstack tests/aws/services/sts/test_sts.snapshot.json (AssumeRole)
  await assert.rejects(assume(world, tags({ Project: ['a'], project: ['b'] })),
    awsError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'));
  await assert.rejects(assume(world, tags({ Project: ['a'] }, ['Team'])),
    awsError('InvalidParameterValue', 'The specified transitive tag key must be included in the requested tags.'));
  await assert.rejects(assume(world, tags({ Project: ['a', 'b'] })), (err: unknown) => err instanceof AwsError && err.code === 'InvalidIdentityToken');
  // The same Tag constraints as IAM's (LocalStack's test_iam_roles.snapshot.json)
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ['v']]));
  await assert.rejects(assume(world, tags(many)),
    awsError('ValidationError', "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"));
  const longKey = 'k'.repeat(129);
  await assert.rejects(assume(world, tags({ [longKey]: ['v'] })),
    awsError('ValidationError', `1 validation error detected: Value '${longKey}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`));
  assert.equal(lastDecision(world).decision, 'denied');
});

test('tags beyond the packed budget: PackedPolicyTooLarge (containers-roadmap#2413 wording)', async () => {
  const world = await newWorld(trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'])]));
  // Incompressible keys and values within the per-tag limits (25 × (128 + 256) characters; the
  // token itself must stay under WebIdentityToken's 20000).
  const noise = (i: number, n: number) => createHash('sha512').update(`${i}:${n}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').repeat(4).slice(0, n);
  const principal_tags = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [noise(i, 128), [noise(i + 100, 256)]]));
  await assert.rejects(assume(world, gitlabClaims({ 'https://aws.amazon.com/tags': { principal_tags } })), (err: unknown) =>
    err instanceof AwsError && err.code === 'PackedPolicyTooLarge' && err.status === 400 && /^Packed size of session tags consumes \d+% of allotted space\.$/.test(err.message));
});

test('a damaged stored trust policy denies with AWS\'s AccessDenied, the cause only in the record', async () => {
  const world = await newWorld('{"Version":"2012-10-17","Statement":[');
  await assert.rejects(assume(world), accessDenied);
  assert.match(lastDecision(world).reason, /does not compile/);
});

test('a source identity needs sts:SetSourceIdentity and comes back last', async () => {
  const claims = gitlabClaims({ 'https://aws.amazon.com/source_identity': 'alice' });
  const without = await newWorld();
  await assert.rejects(assume(without, claims), accessDenied);
  const world = await newWorld(trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } }, ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity'])]));
  const { result } = await assume(world, claims);
  assert.equal(result['SourceIdentity'], 'alice');
  assert.equal(Object.keys(result).filter((k) => result[k] !== undefined).at(-1), 'SourceIdentity');
});

test('DurationSeconds above the role MaxSessionDuration (kreuzwerker/awsu#27)', async () => {
  const world = await newWorld();
  await assert.rejects(assume(world, gitlabClaims(), { DurationSeconds: '3601' }),
    awsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'));
  const { result } = await assume(world, gitlabClaims(), { DurationSeconds: '3600' });
  assert.ok(result['Credentials']);
  world.role.maxSessionDuration = 43200;
  const long = await assume(world, gitlabClaims(), { DurationSeconds: '43200' });
  assert.equal((long.result['Credentials'] as { Expiration: Date }).Expiration.getTime(), NOW.getTime() + 43200_000);
});

test('session policies: an invalid inline Policy is MalformedPolicyDocument; valid ones travel in the session', async () => {
  const world = await newWorld();
  await assert.rejects(assume(world, gitlabClaims(), { Policy: '{"Version":"2012-10-17","Statement":' }),
    (err: unknown) => err instanceof AwsError && err.code === 'MalformedPolicyDocument' && err.status === 400);
  const inline = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  const managedArn = `arn:aws:iam::${ACCOUNT}:policy/ReadOnly`;
  const managed = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }] });
  world.directory.managedPolicies.set(managedArn, managed);
  const { result } = await assume(world, gitlabClaims(), { Policy: inline, 'PolicyArns.member.1.arn': managedArn });
  assert.equal(typeof result['PackedPolicySize'], 'number');
  const creds = result['Credentials'] as { AccessKeyId: string; SessionToken: string };
  const resolved = await createSessionCredentialResolver(world.ring)(creds.AccessKeyId, creds.SessionToken, NOW);
  assert.deepEqual(resolved.caller.sessionPolicies, [inline, managed]);
});

test('a PolicyArn naming no policy: no IAM NoSuchEntity (not an STS error); the session is issued and that ARN grants nothing', async () => {
  const world = await newWorld();
  const missing = `arn:aws:iam::${ACCOUNT}:policy/DoesNotExist`;
  const { result } = await assume(world, gitlabClaims(), { 'PolicyArns.member.1.arn': missing });
  const creds = result['Credentials'] as { AccessKeyId: string; SessionToken: string };
  const { caller } = await createSessionCredentialResolver(world.ring)(creds.AccessKeyId, creds.SessionToken, NOW);
  // Still a session policy, so the role's own permissions are cut down to nothing, not left whole.
  assert.equal(caller.sessionPolicies.length, 1);
  const allowAll = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
  assert.throws(
    () => authorizeCall({ caller, action: 's3:GetObject', resource: '*', identityPolicies: [compilePolicy(allowAll, 'identity', 'role')] }),
    (err: unknown) => err instanceof AwsError && err.code === 'AccessDenied' && /no session policy allows/.test(err.message),
  );
});

test('token failures carry the oidc module\'s AWS error and are recorded', async () => {
  const world = await newWorld();
  const other = gitlabClaims({ iss: 'https://other.example.com' });
  // mozilla-iam/mozilla-aws-cli#127: the iss is echoed as the token has it.
  await assert.rejects(assume(world, other), awsError('InvalidIdentityToken', 'No OpenIDConnect provider found in your account for https://other.example.com'));
  let record = lastDecision(world);
  assert.equal(record.errorCode, 'InvalidIdentityToken');
  assert.equal(record.issuer, 'https://other.example.com');
  assert.match(record.reason, /unknown-issuer/);

  const iat = Math.floor(NOW.getTime() / 1000) - 7200;
  const expired = gitlabClaims({ iat, nbf: iat - 5, exp: iat + 600 });
  await assert.rejects(assume(world, expired), (err: unknown) => err instanceof AwsError && err.code === 'ExpiredTokenException' && err.status === 400);
  record = lastDecision(world);
  assert.equal(record.errorCode, 'ExpiredTokenException');
  // A refused token keeps every check it ran, in words, the failed one last.
  const checks = (record.details as { token: Array<{ name: string; ok: boolean; detail: string }> }).token;
  assert.deepEqual(checks.map((c) => [c.name, c.ok]), [['parse', true], ['header', true], ['claims', true], ['issuer', true], ['audience', true], ['key', true], ['signature', true], ['times', false]]);
  assert.match(checks[1]!.detail, /^alg RS256, kid /);
  assert.equal((record.details as Record<string, unknown>)['signingKey'], undefined);

  const forged = `${(await signToken(world.issuer, gitlabClaims())).slice(0, -4)}AAAA`;
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', assumeParams(forged)), (err: unknown) => err instanceof AwsError && err.code === 'InvalidIdentityToken');
  assertNoSecrets(world, forged);
});

test('validation failures are recorded once a RoleArn is known, and not before', async () => {
  const world = await newWorld();
  const ctx = context();
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', { RoleArn: ROLE_ARN, RoleSessionName: 'x', WebIdentityToken: 'abcd' }, ctx), (err: unknown) => err instanceof AwsError && err.code === 'ValidationError');
  assert.equal(lastDecision(world).errorCode, 'ValidationError');
  assert.equal(ctx.responseHeaders['x-trustbridge-decision-id'], lastDecision(world).id);
  const before = world.directory.decisions.length;
  await assert.rejects(call(world, 'AssumeRoleWithWebIdentity', { RoleSessionName: 'xy', WebIdentityToken: 'abcd' }), (err: unknown) => err instanceof AwsError && err.code === 'ValidationError');
  assert.equal(world.directory.decisions.length, before);
});

test('GetAccessKeyInfo reads the account from the key id (a real AWS key id as worked example)', async () => {
  const world = await newWorld();
  assert.deepEqual(await call(world, 'GetAccessKeyInfo', { AccessKeyId: 'AROA4Q7OQAZYHVKH4GGNZ' }), { Account: '861104244336' });
  await assert.rejects(call(world, 'GetAccessKeyInfo', {}), awsError('ValidationError', "1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must not be null"));
});

test('GetCallerIdentity for an admin key', async () => {
  const world = await newWorld();
  const caller = { kind: 'admin' as const, accountId: ACCOUNT, accessKeyId: 'AKIAQAAAAAAAAAAAAAAA', arn: `arn:aws:iam::${ACCOUNT}:user/admin`, userId: 'AIDAQAAAAAAAAAAAAAAAA' };
  assert.deepEqual(await call(world, 'GetCallerIdentity', {}, { ...context(), caller }), { Arn: caller.arn, UserId: caller.userId, Account: ACCOUNT });
});

test('the service describes itself as STS 2011-06-15 with AssumeRoleWithWebIdentity unsigned (AssumeRole is signed)', async () => {
  const { service } = await newWorld();
  assert.equal(service.name, 'sts');
  assert.equal(service.version, '2011-06-15');
  assert.equal(service.xmlNamespace, 'https://sts.amazonaws.com/doc/2011-06-15/');
  assert.deepEqual([...service.unsignedActions], ['AssumeRoleWithWebIdentity']);
  assert.deepEqual([...service.actions.keys()].sort(), ['AssumeRole', 'AssumeRoleWithWebIdentity', 'GetAccessKeyInfo', 'GetCallerIdentity']);
});
