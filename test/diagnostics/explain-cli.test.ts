/**
 * `trustbridge explain` offline, as a user runs it: the --json shape (decision, summary, steps,
 * trust trace, awsError), the terminal rendering (✓/✗, expected/actual, hints; colour only on
 * a TTY without NO_COLOR), exit statuses 0/1/2 and --help.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PLAIN, styleFor, type ExplainReport } from '../../src/diagnostics/index.js';
import { gitlabClaims, ISSUER, ISSUER_HOST, MAIN_SUB } from '../support/gitlab.js';
import { webIdentityTrust } from '../support/trust-policy.js';
import { runCli, signingKit } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-explain-'));
const path = (name: string): string => join(dir, name);
let branchToken: string;
let tagToken: string;

before(async () => {
  const kit = await signingKit();
  const iat = Math.floor(Date.now() / 1000) - 5;
  branchToken = await kit.sign(gitlabClaims({ iat }));
  tagToken = await kit.sign(gitlabClaims({ iat, ref_type: 'tag' }));
  writeFileSync(path('jwks.json'), kit.jwks);
  writeFileSync(path('tag.jwt'), `${tagToken}\n`);
  writeFileSync(path('trust.json'), webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: MAIN_SUB } }));
  writeFileSync(path('star.json'), webIdentityTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'project_path:mygroup/myproject:*' } }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const offline = (policy: string, ...rest: string[]) => ['explain', '--trust-policy', path(policy), '--provider', ISSUER, '--jwks', path('jwks.json'), ...rest];

describe('trustbridge explain (offline)', () => {
  it('--json prints the documented shape; exit 1 when denied', async () => {
    const out = await runCli(offline('trust.json', '--token-file', path('tag.jwt'), '--json'));
    assert.equal(out.code, 1, out.stderr);
    const report = JSON.parse(out.stdout) as ExplainReport;
    assert.equal(report.decision, 'denied');
    assert.equal(typeof report.summary, 'string');
    assert.ok(!report.summary.includes('\n'), 'one sentence, one line');
    for (const step of report.steps) {
      assert.equal(typeof step.name, 'string');
      assert.equal(typeof step.ok, 'boolean');
      assert.equal(typeof step.detail, 'string');
    }
    assert.deepEqual(report.steps.slice(0, 8).map((s) => s.name), ['parse', 'header', 'claims', 'issuer', 'audience', 'key', 'signature', 'times']);
    assert.equal(report.trust?.decision, 'implicitDeny');
    assert.ok(Array.isArray(report.trust?.hints));
    assert.deepEqual(report.awsError, { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
    assert.ok(Array.isArray(report.findings));
    assert.ok(Array.isArray(report.warnings));
    assert.equal(report.subject, 'project_path:mygroup/myproject:ref_type:tag:ref:main');
  });

  it('exit 0 when allowed', async () => {
    const out = await runCli(offline('trust.json', '--token', branchToken, '--json'));
    assert.equal(out.code, 0, out.stderr);
    assert.equal((JSON.parse(out.stdout) as ExplainReport).decision, 'allowed');
  });

  it('renders each step and condition with expected/actual values and the StringLike hint, without colour off a TTY', async () => {
    const out = await runCli(offline('star.json', '--token', branchToken));
    assert.equal(out.code, 1);
    assert.match(out.stdout, /^DENIED {2}/);
    assert.match(out.stdout, /✓ signature/);
    assert.match(out.stdout, /✗ StringEquals gitlab\.example\.com:sub\n {10}expected: "project_path:mygroup\/myproject:\*"\n {10}actual: {3}"project_path:mygroup\/myproject:ref_type:branch:ref:main"/);
    assert.match(out.stdout, /\[wildcard-in-string-equals\].*Use StringLike/);
    assert.match(out.stdout, /On the wire \(what the client sees\): AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity/);
    // eslint-disable-next-line no-control-regex -- matches terminal colour escapes
    assert.doesNotMatch(out.stdout, /\u001b\[/);
  });

  it('--skip-signature warns on stderr and in the report; no --provider assumes the token\'s issuer and says so', async () => {
    const out = await runCli(['explain', '--trust-policy', path('trust.json'), '--token', branchToken, '--skip-signature', '--json']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /WARNING: --skip-signature/);
    const report = JSON.parse(out.stdout) as ExplainReport;
    assert.match(report.warnings.join('\n'), /SIGNATURE NOT VERIFIED/);
    assert.match(report.warnings.join('\n'), /assumed a provider registered for the token's own issuer https:\/\/gitlab\.example\.com/);
  });

  it('exits 2 on usage errors', async () => {
    const cases: string[][] = [
      ['explain', '--trust-policy', path('trust.json')],
      ['explain', '--token', branchToken, '--dir', path('no-stack')],
      offline('absent.json', '--token', branchToken),
      offline('trust.json', '--token', branchToken, '--skip-signature'),
      offline('trust.json', '--token', branchToken, '--now', 'yesterday'),
      ['explain', '--no-such-flag'],
    ];
    for (const args of cases) assert.equal((await runCli(args)).code, 2, args.join(' '));
    writeFileSync(path('bad.json'), '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity"}]}');
    const bad = await runCli(offline('bad.json', '--token', branchToken));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /MalformedPolicyDocument/);
  });

  it('--help shows examples, for every diagnostics command', async () => {
    for (const command of ['explain', 'decisions', 'lint-trust']) {
      const help = await runCli([command, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Examples?:\n {2}(# .*\n {2})?trustbridge /, command);
    }
  });
});

describe('styleFor', () => {
  it('colours only a TTY without NO_COLOR', () => {
    assert.equal(styleFor({ isTTY: false }, {}), PLAIN);
    assert.equal(styleFor({ isTTY: true }, { NO_COLOR: '1' }), PLAIN);
    // eslint-disable-next-line no-control-regex -- matches terminal colour escapes
    assert.match(styleFor({ isTTY: true }, {}).bad('x'), /\u001b\[31mx/);
  });
});
