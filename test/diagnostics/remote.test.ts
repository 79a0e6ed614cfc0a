/**
 * `explain` and `decisions` with `--endpoint URL`, against the real `trustbridge up`: the CLI runs
 * in an empty working directory with a clean environment holding only the endpoint, the admin key
 * and the region — no --dir, no .trustbridge — so every answer has come through the admin API.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DecisionSummary, ExplainReport } from '../../src/diagnostics/index.js';
import { CLI, clientEnv, removeDir, startStack, trustbridge, type RunningStack } from '../e2e/stack.js';

let stack: RunningStack;
let emptyCwd: string;

before(async () => {
  stack = await startStack();
  emptyCwd = mkdtempSync(join(tmpdir(), 'tb-remote-cwd-'));
});
after(async () => {
  await stack.stop();
  removeDir(stack.dir);
  removeDir(emptyCwd);
});

function endpoint(): string {
  return stack.env['AWS_ENDPOINT_URL'] ?? '';
}

/** The CLI with API access only: no data directory reachable, only the admin key. */
function remote(args: string[], key = stack.env['AWS_ACCESS_KEY_ID'] ?? ''): SpawnSyncReturns<string> {
  const env = clientEnv({
    AWS_ENDPOINT_URL: endpoint(),
    AWS_ACCESS_KEY_ID: key,
    AWS_SECRET_ACCESS_KEY: stack.env['AWS_SECRET_ACCESS_KEY'] ?? '',
    AWS_DEFAULT_REGION: 'us-east-1',
  });
  return spawnSync(process.execPath, [CLI, ...args, '--endpoint', endpoint()], { env, cwd: emptyCwd, encoding: 'utf8', timeout: 60_000 });
}

function token(ref: string): string {
  const out = trustbridge(['token', '--dir', stack.dir, '--project', 'mygroup/myproject', '--ref', ref]);
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.trim();
}

function assumeDenied(): string {
  const roleArn = stack.env['ROLE_ARN'] ?? '';
  const denied = trustbridge(['assume', '--role-arn', roleArn, '--token', token('feature'), '--dir', stack.dir], clientEnv(stack.env));
  assert.equal(denied.status, 1, denied.stderr);
  const id = /explain --decision (\S+)/.exec(denied.stderr)?.[1];
  assert.ok(id, denied.stderr);
  return id;
}

/** The wire drops fractional seconds (as AWS does), so times are compared to the second. */
function withoutMillis<T extends { time: string }>(value: T): T {
  return { ...value, time: value.time.replace(/\.\d{3}Z$/, '.000Z') };
}

describe('decisions --endpoint', () => {
  it('has no store to read in that working directory (the premise of the other tests)', () => {
    const env = clientEnv({ AWS_ENDPOINT_URL: endpoint() });
    const local = spawnSync(process.execPath, [CLI, 'decisions', '--json'], { env, cwd: emptyCwd, encoding: 'utf8', timeout: 60_000 });
    assert.equal(local.status, 2);
    assert.match(local.stderr, /holds no Trustbridge data/);
  });

  it('lists a denial exactly as the store mode does, and shows it in full by id', () => {
    const id = assumeDenied();
    const listed = remote(['decisions', '--denied', '--json']);
    assert.equal(listed.status, 0, listed.stderr);
    const { decisions } = JSON.parse(listed.stdout) as { decisions: DecisionSummary[] };
    const row = decisions.find((d) => d.id === id);
    assert.ok(row, listed.stdout);
    assert.equal(row.errorCode, 'AccessDenied');
    assert.ok(decisions.every((d) => d.decision === 'denied'));

    const local = trustbridge(['decisions', '--dir', stack.dir, '--denied', '--json']);
    const fromStore = (JSON.parse(local.stdout) as { decisions: DecisionSummary[] }).decisions.find((d) => d.id === id);
    assert.ok(fromStore);
    assert.deepEqual(row, withoutMillis(fromStore));

    const byName = remote(['decisions', '--role', (stack.env['ROLE_ARN'] ?? '').split('/').pop() ?? '', '--limit', '5', '--json']);
    assert.equal(byName.status, 0, byName.stderr);
    assert.ok((JSON.parse(byName.stdout) as { decisions: DecisionSummary[] }).decisions.some((d) => d.id === id));

    const one = remote(['decisions', '--id', id]);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /expected: "project_path:mygroup\/myproject:ref_type:branch:ref:main"/);
  });

  it('refuses what the API cannot do, and an unknown id, as usage errors', () => {
    const tooMany = remote(['decisions', '--limit', '5000']);
    assert.equal(tooMany.status, 2);
    assert.match(tooMany.stderr, /--limit above 1000 needs --dir/);
    const unknown = remote(['decisions', '--id', '00000000-0000-4000-8000-000000000000']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no decision 00000000-0000-4000-8000-000000000000 in the log/);
  });

  it('reports a wrong key with the error the API sent', () => {
    const refused = remote(['decisions'], 'AKIAIOSFODNN7EXAMPLE');
    assert.equal(refused.status, 2);
    // okta-awscli#145: an unknown access key is InvalidClientTokenId (403).
    assert.match(refused.stderr, /An error occurred \(InvalidClientTokenId\) when calling the ListTrustbridgeDecisions operation/);
  });
});

describe('explain --endpoint', () => {
  it('explains a logged denial by id, as the store mode does', () => {
    const id = assumeDenied();
    const explained = remote(['explain', '--decision', id, '--json']);
    assert.equal(explained.status, 1, explained.stderr);
    const local = trustbridge(['explain', '--dir', stack.dir, '--decision', id, '--json']);
    assert.equal(local.status, 1, local.stderr);
    // GetTrustbridgeDecision carries explainDecision()'s JSON, so nothing is lost on the way.
    assert.deepEqual(JSON.parse(explained.stdout), JSON.parse(local.stdout));
  });

  it('re-runs the pipeline from GetRole and the providers, and names the failing condition', () => {
    const roleArn = stack.env['ROLE_ARN'] ?? '';
    const caFile = stack.env['TRUSTBRIDGE_CA_FILE'] ?? '';
    const issuerFlags = ['--ca', caFile, '--allow-private-issuers'];
    const denied = remote(['explain', '--role-arn', roleArn, '--token', token('feature'), ...issuerFlags, '--json']);
    assert.equal(denied.status, 1, denied.stderr);
    const report = JSON.parse(denied.stdout) as ExplainReport;
    assert.equal(report.decision, 'denied');
    assert.equal(report.steps.find((s) => s.name === 'key')?.detail, "found in the issuer's JWKS");
    assert.equal(report.steps.find((s) => s.name === 'signature')?.ok, true);
    const condition = report.trust?.policies[0]?.statements[0]?.conditions.find((c) => !c.result);
    assert.deepEqual(condition?.expected, ['project_path:mygroup/myproject:ref_type:branch:ref:main']);
    assert.deepEqual(condition?.actual, ['project_path:mygroup/myproject:ref_type:branch:ref:feature']);

    const text = remote(['explain', '--role-arn', roleArn, '--token', token('feature'), ...issuerFlags]);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /actual: {3}"project_path:mygroup\/myproject:ref_type:branch:ref:feature"/);

    const allowed = remote(['explain', '--role-arn', roleArn, '--token', token('main'), ...issuerFlags, '--json']);
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.equal((JSON.parse(allowed.stdout) as ExplainReport).decision, 'allowed');
  });

  it('denies at the role step for a role the node does not have, as STS would', () => {
    const missing = 'arn:aws:iam::000000000000:role/no-such-role';
    const result = remote(['explain', '--role-arn', missing, '--token', token('main'), '--skip-signature', '--json']);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as ExplainReport;
    assert.equal(report.steps.find((s) => s.name === 'role')?.ok, false);
    assert.deepEqual(report.awsError, { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  });
});
