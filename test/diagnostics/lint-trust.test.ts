/**
 * lint-trust: each finding on the trust policies that go wrong in practice
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html;
 * aws-actions/configure-aws-credentials#1293), and the
 * command's exit statuses (0 clean, 1 findings, 2 usage error).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { explainDecision, lintTrustPolicy, trustPolicyWarning, type TrustLintFinding } from '../../src/diagnostics/index.js';
import { ISSUER_HOST, MAIN_SUB } from '../support/gitlab.js';
import { webIdentityTrust } from '../support/trust-policy.js';
import { PROVIDER_ARN, runCli } from './fixture.js';

const SUB = `${ISSUER_HOST}:sub`;

function codes(findings: TrustLintFinding[]): string[] {
  return findings.map((f) => f.code);
}

function lintLike(values: string | string[], key = SUB): TrustLintFinding[] {
  return lintTrustPolicy(webIdentityTrust({ StringLike: { [key]: values } }));
}

describe('lintTrustPolicy', () => {
  it('is clean for the tutorial policy', () => {
    assert.deepEqual(lintTrustPolicy(webIdentityTrust({ StringEquals: { [SUB]: MAIN_SUB } })), []);
  });

  it('flags a web-identity Allow with no subject condition, with a fix naming the provider host', () => {
    const [finding, ...rest] = lintTrustPolicy(webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:aud`]: 'https://gitlab.example.com' } }));
    assert.equal(rest.length, 0);
    assert.equal(finding?.code, 'no-sub-condition');
    assert.equal(finding?.severity, 'error');
    assert.equal(finding?.statement, '#0');
    assert.match(finding?.fix ?? '', /"gitlab\.example\.com:sub"/);
  });

  it('flags Principal "*"', () => {
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Any', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [SUB]: MAIN_SUB } } }],
    });
    const findings = lintTrustPolicy(doc);
    assert.deepEqual(codes(findings), ['wildcard-principal']);
    assert.equal(findings[0]?.statement, 'Any');
  });

  it('flags a * under StringEquals, saying what it does in an Allow and in a Deny', () => {
    const allow = lintTrustPolicy(webIdentityTrust({ StringEquals: { [SUB]: 'project_path:mygroup/*' } }));
    assert.deepEqual(codes(allow), ['wildcard-in-string-equals']);
    assert.equal(allow[0]?.value, 'project_path:mygroup/*');
    assert.match(allow[0]?.message ?? '', /never applies/);
    assert.match(allow[0]?.fix ?? '', /StringLike/);

    const deny = lintTrustPolicy(JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [SUB]: MAIN_SUB } } },
        { Effect: 'Deny', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [SUB]: 'project_path:mygroup/legacy*' } } },
      ],
    }));
    assert.deepEqual(codes(deny), ['wildcard-in-string-equals']);
    assert.equal(deny[0]?.statement, '#1');
    assert.match(deny[0]?.message ?? '', /Deny never applies/);
  });

  it('flags project_path:mygroup/* as admitting subgroups (and any ref), with a concrete example', () => {
    const [finding] = lintLike('project_path:mygroup/*');
    assert.equal(finding?.code, 'project-glob-admits-subgroups');
    assert.match(finding?.message ?? '', /mygroup\/subgroup\/project/);
    assert.match(finding?.message ?? '', /any branch or tag/);
  });

  it('flags ref:main* as admitting main-evil', () => {
    const [finding] = lintLike('project_path:mygroup/myproject:ref_type:branch:ref:main*');
    assert.equal(finding?.code, 'ref-prefix-glob');
    assert.match(finding?.message ?? '', /main-evil/);
  });

  it('flags * in ref_type as admitting tags', () => {
    assert.deepEqual(codes(lintLike('project_path:mygroup/myproject:ref_type:*:ref:main')), ['ref-type-wildcard']);
  });

  it('flags look-alike project prefixes and a whole-issuer pattern', () => {
    assert.deepEqual(codes(lintLike('project_path:mygroup/myproject*:ref_type:branch:ref:main')), ['project-prefix-glob']);
    assert.deepEqual(codes(lintLike('*')), ['wildcard-subject']);
    assert.deepEqual(codes(lintLike('project_path:*:ref_type:branch:ref:main')), ['wildcard-subject']);
  });

  it('reports every branch and tag of one project as info only, and accepts separator-ended ref prefixes', () => {
    const findings = lintLike('project_path:mygroup/myproject:*');
    assert.deepEqual(codes(findings), ['any-ref']);
    assert.equal(findings[0]?.severity, 'info');
    assert.deepEqual(lintLike('project_path:mygroup/myproject:ref_type:branch:ref:release/*'), []);
  });

  it('checks the per-claim keys too', () => {
    assert.deepEqual(codes(lintLike('mygroup/*', `${ISSUER_HOST}:project_path`)), ['project-glob-admits-subgroups']);
    assert.deepEqual(codes(lintLike('v*', `${ISSUER_HOST}:ref`)), ['no-sub-condition', 'ref-prefix-glob']);
  });

  it('one loose value in a list is flagged on its own', () => {
    const findings = lintLike([MAIN_SUB, '*']);
    assert.deepEqual(codes(findings), ['wildcard-subject']);
    assert.equal(findings[0]?.value, '*');
  });

  it('returns [] for a document that is not a policy', () => {
    assert.deepEqual(lintTrustPolicy('{'), []);
  });
});

describe('trustPolicyWarning (the CreateRole / UpdateAssumeRolePolicy hook)', () => {
  const change = { id: 'w-1', time: new Date('2026-03-01T12:00:00Z'), accountId: '123456789012', action: 'iam:CreateRole' as const, roleArn: 'arn:aws:iam::123456789012:role/r' };

  it('logs nothing for a clean policy', () => {
    assert.equal(trustPolicyWarning({ ...change, document: webIdentityTrust({ StringEquals: { [SUB]: MAIN_SUB } }) }), undefined);
  });

  it('logs an allowed entry carrying the findings, which explainDecision shows', () => {
    const record = trustPolicyWarning({ ...change, document: webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:aud`]: 'x' } }) });
    assert.ok(record);
    assert.equal(record.decision, 'allowed');
    assert.equal(record.errorCode, null);
    assert.match(record.reason, /no-sub-condition/);
    assert.deepEqual(codes(explainDecision(record).findings ?? []), ['no-sub-condition']);
  });
});

describe('trustbridge lint-trust', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-lint-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('exits 0 on a clean policy and 1 with findings, with --json on stdout', async () => {
    const clean = await runCli(['lint-trust', file('clean.json', webIdentityTrust({ StringEquals: { [SUB]: MAIN_SUB } }))]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /no findings/);

    const broad = file('broad.json', webIdentityTrust({ StringLike: { [SUB]: 'project_path:mygroup/*' } }));
    const text = await runCli(['lint-trust', broad]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /project-glob-admits-subgroups/);
    assert.match(text.stdout, /fix: /);
    // eslint-disable-next-line no-control-regex -- matches terminal colour escapes
    assert.doesNotMatch(text.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');

    const json = await runCli(['lint-trust', broad, '--json']);
    assert.equal(json.code, 1);
    const body = JSON.parse(json.stdout) as { file: string; findings: TrustLintFinding[] };
    assert.equal(body.file, broad);
    assert.deepEqual(Object.keys(body.findings[0] ?? {}).sort(), ['code', 'fix', 'key', 'message', 'severity', 'statement', 'value']);
  });

  it('exits 2 for a missing file, an invalid policy or a bad option', async () => {
    assert.equal((await runCli(['lint-trust', join(dir, 'absent.json')])).code, 2);
    const invalid = await runCli(['lint-trust', file('invalid.json', '{"Statement": 1}')]);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /MalformedPolicyDocument/);
    assert.equal((await runCli(['lint-trust', '--bogus'])).code, 2);
  });

  it('has --help with an example', async () => {
    const help = await runCli(['lint-trust', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Example:\n  trustbridge lint-trust trust\.json/);
  });
});
