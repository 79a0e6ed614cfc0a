/**
 * `trustbridge explain` must say what STS does: for every failing AssumeRoleWithWebIdentity case
 * the other tests exercise (test/sts, test/oidc/verify-attacks, test/diagnostics/explain), STS
 * and explain name the same first failing step and the same AWS error code and message. Both
 * run the one check list in src/sts/pipeline/; this is the proof that they cannot drift apart.
 * Cases that fail in a step only STS runs (parameters, session policy, duration, packed size,
 * policy arns) are listed too: explain does not run those steps, and says nothing failed.
 */
import { test } from 'node:test';
import type { JWTPayload } from 'jose';
import assert from 'node:assert/strict';
import { createHash, createHmac, sign as cryptoSign } from 'node:crypto';
import { AwsError } from '../../src/aws/error.js';
import { explainAssume } from '../../src/diagnostics/index.js';
import { JwksCache } from '../../src/oidc/index.js';
import {
  ACCOUNT, assumeParams, call, context, gitlabClaims, ISSUER, MAIN_SUB, newIssuer, newWorld, NOW, PROVIDER_ARN, ROLE_ARN,
  signToken, trustPolicy, webIdentityStatement, type Issuer, type World,
} from './world.js';

const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const ACTION = 'sts:AssumeRoleWithWebIdentity';
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

const b64 = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** A compact JWS built by hand, for headers and payloads jose refuses to produce. */
function rawToken(header: object, payload: object | string, signer: (input: Buffer) => Buffer): string {
  const input = `${b64(JSON.stringify(header))}.${b64(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  return `${input}.${b64(signer(Buffer.from(input)))}`;
}

const rs256 = (issuer: Issuer) => (input: Buffer) => cryptoSign('sha256', input, issuer.privateKey);
const sub = (value: string) => trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': value } })]);
const withActions = (...extra: string[]) =>
  trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } }, [ACTION, ...extra])]);
const tagClaims = (principal_tags: unknown, transitive_tag_keys: string[] = []) => gitlabClaims({ [TAGS_CLAIM]: { principal_tags, transitive_tag_keys } });
const without = (claim: string) => {
  const { [claim]: _dropped, ...rest } = gitlabClaims();
  return rest;
};

interface Case {
  name: string;
  /** The first failing step both must name. */
  step: string;
  trust?: string;
  token?: (world: World) => Promise<string>;
  params?: Record<string, string>;
  setup?: (world: World) => void;
}

const sign = (claims: JWTPayload) => (world: World) => signToken(world.issuer, claims);

const CASES: Case[] = [
  // The token: test/oidc/verify-attacks.test.ts, test/sts (token failures), test/diagnostics/explain.test.ts
  { name: 'not a JWT', step: 'parse', token: async () => 'not-a-jwt' },
  { name: 'a two-part token', step: 'parse', token: async (w) => (await signToken(w.issuer, gitlabClaims())).split('.').slice(0, 2).join('.') },
  { name: 'an empty signature', step: 'parse', token: async (w) => (await signToken(w.issuer, gitlabClaims())).replace(/[^.]*$/, '') },
  { name: 'a non-JSON payload, properly signed', step: 'parse', token: async (w) => rawToken({ alg: 'RS256', kid: w.issuer.kid }, 'not json', rs256(w.issuer)) },
  { name: 'non-canonical base64url', step: 'parse', token: async (w) => { const [h, p, s] = (await signToken(w.issuer, gitlabClaims())).split('.'); return `${h}.${p}=.${s}`; } },
  { name: 'alg none', step: 'header', token: async (w) => rawToken({ alg: 'none', kid: w.issuer.kid }, gitlabClaims(), () => Buffer.from('x')) },
  { name: 'HS256 with the public key as the HMAC secret', step: 'header', token: async (w) => rawToken({ alg: 'HS256', kid: w.issuer.kid }, gitlabClaims(), (input) => createHmac('sha256', w.issuer.jwks).update(input).digest()) },
  { name: 'an unknown crit header', step: 'header', token: async (w) => rawToken({ alg: 'RS256', kid: w.issuer.kid, crit: ['x-ext'], 'x-ext': true }, gitlabClaims(), rs256(w.issuer)) },
  { name: 'no sub', step: 'claims', token: sign(without('sub')) },
  { name: 'no aud', step: 'claims', token: sign(without('aud')) },
  { name: 'no exp', step: 'claims', token: sign(without('exp')) },
  { name: 'a provider nobody registered', step: 'issuer', token: sign(gitlabClaims({ iss: 'https://other.example.com' })) },
  { name: 'an iss with a trailing slash', step: 'issuer', token: sign(gitlabClaims({ iss: `${ISSUER}/` })) },
  { name: 'a role in an account without the provider', step: 'issuer', params: { RoleArn: 'arn:aws:iam::999999999999:role/gitlab-deploy' } },
  { name: 'the wrong audience', step: 'audience', token: sign(gitlabClaims({ aud: 'sts.amazonaws.com' })) },
  { name: 'an aud array without a client ID', step: 'audience', token: sign(gitlabClaims({ aud: ['sts.amazonaws.com', 'https://elsewhere'] })) },
  { name: 'an azp that is not a client ID', step: 'audience', token: sign(gitlabClaims({ azp: 'some-client' })) },
  { name: 'a kid the issuer does not publish', step: 'key', token: async (w) => rawToken({ alg: 'RS256', kid: 'rotated-away', typ: 'JWT' }, gitlabClaims(), rs256(w.issuer)) },
  { name: 'a forged signature', step: 'signature', token: async (w) => `${(await signToken(w.issuer, gitlabClaims())).slice(0, -4)}AAAA` },
  { name: 'a payload changed after signing', step: 'signature', token: async (w) => { const [h, , s] = (await signToken(w.issuer, gitlabClaims())).split('.'); return `${h}.${b64(JSON.stringify(gitlabClaims({ sub: 'project_path:mygroup/admin:ref_type:branch:ref:main' })))}.${s}`; } },
  { name: 'signed by another key under the issuer\'s kid', step: 'signature', token: async (w) => { const other = await newIssuer(); return signToken({ ...other, kid: w.issuer.kid }, gitlabClaims()); } },
  { name: 'expired', step: 'times', token: sign(gitlabClaims({ iat: NOW_SECONDS - 7200, nbf: NOW_SECONDS - 7205, exp: NOW_SECONDS - 6600 })) },
  { name: 'a non-numeric exp', step: 'times', token: sign(gitlabClaims({ exp: 'tomorrow' })) },
  { name: 'issued in the future', step: 'times', token: sign(gitlabClaims({ iat: NOW_SECONDS + 3600 })) },
  { name: 'not valid yet', step: 'times', token: sign(gitlabClaims({ nbf: NOW_SECONDS + 3600 })) },
  { name: 'older than the maximum age', step: 'times', token: sign(gitlabClaims({ iat: NOW_SECONDS - 2 * 86400 })) },
  // The role
  { name: 'a role that does not exist', step: 'role', params: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/nope` } },
  { name: 'a user ARN', step: 'role', params: { RoleArn: `arn:aws:iam::${ACCOUNT}:user/someone` } },
  { name: 'a role ARN without the role\'s path', step: 'role', setup: (w) => Object.assign(w.role, { path: '/ci/', arn: `arn:aws:iam::${ACCOUNT}:role/ci/gitlab-deploy` }) },
  // Session tags and source identity (test/sts: session tag errors)
  { name: 'duplicate tag keys', step: 'session tags', trust: withActions('sts:TagSession'), token: sign(tagClaims({ Project: ['a'], project: ['b'] })) },
  { name: 'a transitive key that is not a tag', step: 'session tags', trust: withActions('sts:TagSession'), token: sign(tagClaims({ Project: ['a'] }, ['Team'])) },
  { name: 'a multi-valued tag', step: 'session tags', trust: withActions('sts:TagSession'), token: sign(tagClaims({ Project: ['a', 'b'] })) },
  { name: '51 tags', step: 'session tags', trust: withActions('sts:TagSession'), token: sign(tagClaims(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ['v']])))) },
  { name: 'a tag key of 129 characters', step: 'session tags', trust: withActions('sts:TagSession'), token: sign(tagClaims({ ['k'.repeat(129)]: ['v'] })) },
  { name: 'a tags claim that is not an object', step: 'session tags', token: sign(gitlabClaims({ [TAGS_CLAIM]: 'Project=a' })) },
  { name: 'a source identity that is not a string', step: 'source identity', token: sign(gitlabClaims({ [SOURCE_IDENTITY_CLAIM]: 7 })) },
  { name: 'a source identity with a space', step: 'source identity', token: sign(gitlabClaims({ [SOURCE_IDENTITY_CLAIM]: 'alice smith' })) },
  // The trust policy (test/sts, test/diagnostics/explain.test.ts)
  { name: 'another branch', step: `trust policy (${ACTION})`, token: sign(gitlabClaims({ sub: 'project_path:mygroup/myproject:ref_type:branch:ref:feature', ref: 'feature' })) },
  { name: 'a tag named main against a branch-only policy', step: `trust policy (${ACTION})`, token: sign(gitlabClaims({ sub: 'project_path:mygroup/myproject:ref_type:tag:ref:main', ref_type: 'tag' })) },
  { name: 'StringEquals with a wildcard', step: `trust policy (${ACTION})`, trust: sub('project_path:mygroup/*') },
  { name: 'a case-only mismatch', step: `trust policy (${ACTION})`, trust: sub('project_path:MyGroup/MyProject:ref_type:branch:ref:main') },
  { name: 'a condition on a claim the token lacks', step: `trust policy (${ACTION})`, trust: trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:environment': 'production' } })]) },
  { name: 'ref_protected false', step: `trust policy (${ACTION})`, trust: trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:ref_protected': 'true' } })]), token: sign(gitlabClaims({ ref_protected: 'false' })) },
  { name: 'an explicit Deny', step: `trust policy (${ACTION})`, trust: trustPolicy([webIdentityStatement({}), { Effect: 'Deny', Principal: { Federated: PROVIDER_ARN }, Action: ACTION }]) },
  { name: 'a trust policy for another provider', step: `trust policy (${ACTION})`, trust: trustPolicy([{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.other.example` }, Action: ACTION }]) },
  { name: 'a damaged stored trust policy', step: `trust policy (${ACTION})`, trust: '{"Version":"2012-10-17","Statement":[' },
  { name: 'session tags without sts:TagSession', step: 'trust policy (sts:TagSession)', token: sign(tagClaims({ Project: ['Automation'] })) },
  {
    name: 'a tag value the TagSession statement does not allow',
    step: 'trust policy (sts:TagSession)',
    trust: trustPolicy([webIdentityStatement({ StringEquals: { 'gitlab.example.com:sub': MAIN_SUB } }), { Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:RequestTag/Project': 'Automation' } } }]),
    token: sign(tagClaims({ Project: ['Other'] })),
  },
  { name: 'a source identity without sts:SetSourceIdentity', step: 'trust policy (sts:SetSourceIdentity)', token: sign(gitlabClaims({ [SOURCE_IDENTITY_CLAIM]: 'alice' })) },
  { name: 'tags allowed but the source identity not', step: 'trust policy (sts:SetSourceIdentity)', trust: withActions('sts:TagSession'), token: sign(gitlabClaims({ [TAGS_CLAIM]: { principal_tags: { Project: ['a'] } }, [SOURCE_IDENTITY_CLAIM]: 'alice' })) },
];

/** Failures in steps only STS runs: explain has no such step and finds nothing wrong. */
const STS_ONLY_CASES: Case[] = [
  { name: 'a session name of one character', step: 'parameters', params: { RoleSessionName: 'x' } },
  { name: 'a malformed inline session policy', step: 'session policy', params: { Policy: '{"Version":"2012-10-17","Statement":' } },
  { name: 'DurationSeconds above the role\'s maximum', step: 'duration', params: { DurationSeconds: '3601' } },
  {
    name: 'tags beyond the packed budget',
    step: 'packed size',
    trust: withActions('sts:TagSession'),
    token: sign(tagClaims(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [noise(i, 128), [noise(i + 100, 256)]])))),
  },
  // A session policy ARN that does not exist is no failure: STS cannot send IAM's NoSuchEntity,
  // the ARN grants nothing instead (issue 13; test/sts/assume-role-with-web-identity.test.ts).
];

/** Incompressible text, so packed tags cannot shrink below the budget. */
function noise(seed: number, length: number): string {
  return createHash('sha512').update(`${seed}:${length}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').repeat(4).slice(0, length);
}

interface Outcome {
  step: string | undefined;
  error: { code: string; message: string } | undefined;
}

async function viaSts(world: World, token: string, params: Record<string, string>): Promise<Outcome> {
  const before = world.directory.decisions.length;
  let error: Outcome['error'];
  try {
    await call(world, 'AssumeRoleWithWebIdentity', assumeParams(token, params), context());
  } catch (err) {
    assert.ok(err instanceof AwsError, String(err));
    error = { code: err.code, message: err.message };
  }
  const record = world.directory.decisions[before];
  assert.ok(record, 'STS recorded the decision');
  const details = record.details as { steps: Array<{ step: string; outcome: string }>; token?: Array<{ name: string; ok: boolean }> };
  const failed = details.steps.find((s) => s.outcome === 'failed')?.step;
  // The log shows the token checks as one entry; the check that failed is in details.token.
  const step = failed === 'web identity token' ? details.token?.find((s) => !s.ok)?.name : failed;
  return { step, error };
}

async function viaExplain(world: World, token: string, params: Record<string, string>): Promise<Outcome> {
  const keys = new JwksCache({ clock: () => NOW.getTime() });
  try {
    const report = await explainAssume({
      token,
      roleArn: assumeParams(token, params)['RoleArn'] ?? ROLE_ARN,
      directory: world.directory,
      keys,
      now: NOW,
      sessionName: 'ci-job',
      sourceIp: context().sourceIp,
    });
    return { step: report.steps.find((s) => !s.ok && s.skipped !== true)?.name, error: report.awsError };
  } finally {
    await keys.close();
  }
}

async function both(c: Case): Promise<{ sts: Outcome; explain: Outcome }> {
  const world = await newWorld(c.trust);
  c.setup?.(world);
  const token = await (c.token ?? sign(gitlabClaims()))(world);
  const params = c.params ?? {};
  return { sts: await viaSts(world, token, params), explain: await viaExplain(world, token, params) };
}

for (const c of CASES) {
  test(`STS and explain agree: ${c.name} fails at "${c.step}"`, async () => {
    const { sts, explain } = await both(c);
    assert.ok(sts.error !== undefined, 'STS refused');
    assert.equal(sts.step, c.step, 'STS\'s first failing step');
    assert.equal(explain.step, sts.step, 'explain names STS\'s first failing step');
    assert.deepEqual(explain.error, sts.error, 'explain reports STS\'s AWS error');
  });
}

for (const c of STS_ONLY_CASES) {
  test(`STS alone checks this: ${c.name} fails at "${c.step}"`, async () => {
    const { sts, explain } = await both(c);
    assert.ok(sts.error !== undefined, 'STS refused');
    assert.equal(sts.step, c.step);
    assert.equal(explain.step, undefined, `explain runs no "${c.step}" step and finds nothing else wrong`);
  });
}

test('the cases cover every step that can fail in explain, and the allowed call is allowed by both', async () => {
  const covered = new Set(CASES.map((c) => c.step));
  for (const step of ['role', 'parse', 'header', 'claims', 'issuer', 'audience', 'key', 'signature', 'times', 'session tags', 'source identity',
    `trust policy (${ACTION})`, 'trust policy (sts:TagSession)', 'trust policy (sts:SetSourceIdentity)']) {
    assert.ok(covered.has(step), `a case fails at "${step}"`);
  }
  const allowed = await both({ name: 'the tutorial job', step: '' });
  assert.deepEqual(allowed.sts, { step: undefined, error: undefined });
  assert.deepEqual(allowed.explain, { step: undefined, error: undefined });
});
