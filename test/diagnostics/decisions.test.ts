/**
 * The decision log end to end: a real API (startApi) records AssumeRoleWithWebIdentity
 * decisions made over HTTP; `decisions`, `explain --decision` and `explain --dir` read them back
 * from the same data directory, and the admin API handlers serve them to admin keys only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsError } from '../../src/aws/error.js';
import { newRoleId } from '../../src/aws/ids.js';
import { QueryParams } from '../../src/aws/query-params.js';
import type { CallContext, Caller } from '../../src/aws/service.js';
import { assumeRoleWithWebIdentity, StsCallError } from '../../src/cli/assume.js';
import { decisionActionHandlers, type DecisionExplanation, type DecisionSummary, type ExplainReport } from '../../src/diagnostics/index.js';
import { startApi, type RunningApi } from '../../src/stack/api.js';
import { LOCAL_ACCOUNT as ACCOUNT } from '../support/accounts.js';
import { gitlabClaims, ISSUER, ISSUER_HOST, MAIN_SUB } from '../support/gitlab.js';
import { providerArn, subjectIs, webIdentityTrust } from '../support/trust-policy.js';
import { runCli, signingKit, type SigningKit } from './fixture.js';

const PROVIDER_ARN = providerArn(ISSUER_HOST, ACCOUNT);
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gitlab-deploy`;
const OTHER_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/other`;

let dir: string;
let api: RunningApi;
let kit: SigningKit;
let allowedId: string;
let deniedId: string;

function now(): number {
  return Math.floor(Date.now() / 1000);
}

async function assume(roleArn: string, token: string): Promise<string> {
  try {
    await assumeRoleWithWebIdentity({ endpoint: api.url, roleArn, token, sessionName: 'diag-test' });
    return 'allowed';
  } catch (err) {
    if (!(err instanceof StsCallError) || err.decisionId === undefined) throw err;
    return err.decisionId;
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-decisions-'));
  kit = await signingKit();
  api = await startApi({ dir, port: 0, accountId: ACCOUNT, logLevel: 'silent' });
  const createdAt = new Date();
  await api.store.insertOidcProvider({ accountId: ACCOUNT, arn: PROVIDER_ARN, url: ISSUER, clientIds: [ISSUER], thumbprints: [], tags: [], createdAt, staticJwks: kit.jwks });
  // The tutorial's policy, but shaped like the StringEquals-with-`*` mistake in a second role.
  for (const [arn, sub] of [[ROLE_ARN, MAIN_SUB], [OTHER_ROLE_ARN, 'project_path:mygroup/*']] as const) {
    await api.store.insertRole({
      accountId: ACCOUNT, roleId: newRoleId(ACCOUNT), roleName: arn.slice(arn.lastIndexOf('/') + 1), path: '/', arn,
      assumeRolePolicyDocument: webIdentityTrust(subjectIs(sub), { provider: PROVIDER_ARN }),
      description: null, maxSessionDuration: 3600, permissionsBoundaryArn: null, tags: [], createdAt,
    });
  }
  const iat = now() - 5;
  assert.equal(await assume(ROLE_ARN, await kit.sign(gitlabClaims({ iat }))), 'allowed');
  deniedId = await assume(ROLE_ARN, await kit.sign(gitlabClaims({ iat, ref_type: 'tag' })));
  await assume(OTHER_ROLE_ARN, await kit.sign(gitlabClaims({ iat })));
  const allowed = (await api.store.listDecisions({ limit: 10 })).find((d) => d.decision === 'allowed');
  assert.ok(allowed);
  allowedId = allowed.id;
});

after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('trustbridge decisions', () => {
  it('--json lists every decision, newest first, with the documented fields', async () => {
    const out = await runCli(['decisions', '--dir', dir, '--json']);
    assert.equal(out.code, 0, out.stderr);
    const { decisions } = JSON.parse(out.stdout) as { decisions: DecisionSummary[] };
    assert.equal(decisions.length, 3);
    assert.deepEqual(Object.keys(decisions[0] ?? {}), ['id', 'time', 'decision', 'roleArn', 'subject', 'errorCode', 'reason']);
    const times = decisions.map((d) => d.time);
    assert.deepEqual(times, [...times].sort().reverse());
    const denied = decisions.find((d) => d.id === deniedId);
    assert.equal(denied?.decision, 'denied');
    assert.equal(denied?.errorCode, 'AccessDenied');
    assert.equal(denied?.subject, 'project_path:mygroup/myproject:ref_type:tag:ref:main');
    assert.match(denied?.reason ?? '', /StringEquals gitlab\.example\.com:sub/);
  });

  it('filters by --denied, --role (ARN or name), --since and --limit', async () => {
    const list = async (...args: string[]) => (JSON.parse((await runCli(['decisions', '--dir', dir, '--json', ...args])).stdout) as { decisions: DecisionSummary[] }).decisions;
    assert.deepEqual((await list('--denied')).map((d) => d.decision), ['denied', 'denied']);
    assert.equal((await list('--role', ROLE_ARN)).length, 2);
    assert.equal((await list('--role', 'OTHER')).length, 1);
    assert.equal((await list('--limit', '1')).length, 1);
    assert.equal((await list('--since', '1h')).length, 3);
    assert.equal((await list('--since', '2999-01-01T00:00:00Z')).length, 0);
  });

  it('prints a readable table, and --id one decision in full', async () => {
    const table = await runCli(['decisions', '--dir', dir]);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /denied +arn:aws:iam::000000000000:role\/gitlab-deploy +AccessDenied/);
    const one = await runCli(['decisions', '--dir', dir, '--id', deniedId, '--json']);
    const view = JSON.parse(one.stdout) as DecisionExplanation;
    assert.equal(view.id, deniedId);
    assert.equal(view.trust?.decision, 'implicitDeny');
  });

  it('exits 2 on usage errors: a bad --since, a directory with no stack', async () => {
    assert.equal((await runCli(['decisions', '--dir', dir, '--since', 'yesterday'])).code, 2);
    const empty = mkdtempSync(join(tmpdir(), 'tb-empty-'));
    const none = await runCli(['decisions', '--dir', empty]);
    rmSync(empty, { recursive: true, force: true });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no master\.key/);
  });
});

describe('trustbridge explain against a stack', () => {
  it('--decision ID explains a logged denial with its steps, condition values and hints; exit 1', async () => {
    const out = await runCli(['explain', '--dir', dir, '--decision', deniedId, '--json']);
    assert.equal(out.code, 1, out.stderr);
    const view = JSON.parse(out.stdout) as DecisionExplanation;
    assert.equal(view.decision, 'denied');
    assert.match(view.summary, /^Denied \(AccessDenied\)/);
    assert.ok(view.steps.some((s) => s.name === 'web identity token' && s.ok));
    const condition = view.trust?.policies[0]?.statements[0]?.conditions[0];
    assert.deepEqual(condition?.expected, [MAIN_SUB]);
    assert.deepEqual(condition?.actual, ['project_path:mygroup/myproject:ref_type:tag:ref:main']);
    assert.ok(view.trust?.hints.some((h) => h.code === 'ref-type-mismatch'));

    const text = await runCli(['explain', '--dir', dir, '--decision', allowedId]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^ALLOWED/);
  });

  it('--role-arn with a token re-runs the pipeline against the stored provider and role', async () => {
    const token = await kit.sign(gitlabClaims({ iat: now() - 5, ref: 'feature-x' }));
    const out = await runCli(['explain', '--dir', dir, '--role-arn', ROLE_ARN, '--token', token, '--json']);
    assert.equal(out.code, 1, out.stderr);
    const report = JSON.parse(out.stdout) as ExplainReport;
    assert.equal(report.decision, 'denied');
    assert.deepEqual(report.awsError, { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
    assert.ok(report.steps.find((s) => s.name === 'signature')?.ok);

    const other = await runCli(['explain', '--dir', dir, '--role-arn', OTHER_ROLE_ARN, '--token', token]);
    assert.equal(other.code, 1);
    assert.match(other.stdout, /expected: "project_path:mygroup\/\*"/);
    assert.match(other.stdout, /wildcard-in-string-equals/);
    assert.match(other.stdout, /Use StringLike/);
  });
});

describe('ListTrustbridgeDecisions / GetTrustbridgeDecision', () => {
  const context = (caller: Caller): CallContext => ({ requestId: 'r', caller, accountId: ACCOUNT, now: new Date(), sourceIp: '127.0.0.1', responseHeaders: {} });
  const admin: Caller = { kind: 'admin', accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT };
  const session: Caller = {
    kind: 'assumed-role', accountId: ACCOUNT, accessKeyId: 'ASIAEXAMPLE', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gitlab-deploy/s`,
    userId: 'AROAEXAMPLE:s', roleName: 'gitlab-deploy', roleArn: ROLE_ARN, sessionName: 's', sessionPolicies: [], expiresAt: new Date(Date.now() + 3600_000),
  };

  it('lists and gets decisions for an admin key', async () => {
    const handlers = decisionActionHandlers(api.store);
    const list = await handlers.get('ListTrustbridgeDecisions')?.(QueryParams.from([['Denied', 'true'], ['MaxItems', '5']]), context(admin));
    const decisions = list?.['Decisions'] as Array<Record<string, unknown>>;
    assert.equal(decisions.length, 2);
    assert.ok(decisions.every((d) => d['Decision'] === 'denied' && d['ErrorCode'] === 'AccessDenied'));

    const one = await handlers.get('GetTrustbridgeDecision')?.(QueryParams.from([['Id', deniedId]]), context(admin));
    const decision = one?.['Decision'] as Record<string, unknown>;
    assert.equal(decision['Id'], deniedId);
    const explanation = JSON.parse(String(decision['Explanation'])) as DecisionExplanation;
    assert.equal(explanation.decision, 'denied');
  });

  it('refuses role sessions with AccessDenied, and answers NoSuchEntity / ValidationError on bad input', async () => {
    const handlers = decisionActionHandlers(api.store);
    await assert.rejects(handlers.get('ListTrustbridgeDecisions')?.(QueryParams.from([]), context(session)) ?? Promise.resolve(),
      (err: unknown) => err instanceof AwsError && err.code === 'AccessDenied' && err.status === 403);
    await assert.rejects(handlers.get('GetTrustbridgeDecision')?.(QueryParams.from([['Id', 'nope']]), context(admin)) ?? Promise.resolve(),
      (err: unknown) => err instanceof AwsError && err.code === 'NoSuchEntity');
    await assert.rejects(handlers.get('ListTrustbridgeDecisions')?.(QueryParams.from([['MaxItems', '0']]), context(admin)) ?? Promise.resolve(),
      (err: unknown) => err instanceof AwsError && err.code === 'ValidationError');
  });
});

