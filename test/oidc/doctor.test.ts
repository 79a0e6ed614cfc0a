/**
 * `trustbridge doctor` against real HTTPS issuers: healthy → exit 0; each fault of the brief →
 * exit 1 and the exact AWS error it causes:
 * - chain faults: IAM CreateOpenIDConnectProvider, OpenIdIdpCommunicationError
 *   "Could not connect to openid configuration of provider: `URL`" (GitLab tutorial, troubleshooting);
 * - discovery/JWKS faults: STS InvalidIdentityToken "Couldn't retrieve verification key from your
 *   identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"
 *   (raw XML in awslabs/aws-sdk-rust#827, two spaces).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { diagnoseIssuer } from '../../src/oidc/issuer-diagnosis.js';
import { VERIFICATION_KEY_MESSAGE } from '../../src/oidc/errors.js';
import { register, renderDiagnosis } from '../../src/cli/doctor.js';
import { faults, scenarioKit, type ScenarioKit } from './fixtures/scenarios.js';

let kit: ScenarioKit;
before(async () => { kit = await scenarioKit(); });
after(async () => { await kit.closeAll(); });

const chainError = (url: string): string => `Could not connect to openid configuration of provider: \`${url}\``;

test('a healthy issuer passes every check', async () => {
  const issuer = await kit.start();
  const diagnosis = await diagnoseIssuer(issuer.url, { extraCaPems: [kit.pki.rootPem] });
  const failed = diagnosis.checks.filter((c) => c.status === 'fail');
  assert.deepEqual(failed, []);
  assert.equal(diagnosis.healthy, true);
  const ids = diagnosis.checks.map((c) => c.id);
  for (const id of ['url', 'address', 'tls-chain', 'discovery', 'jwks', 'latency', 'keys', 'caching', 'clock']) assert.ok(ids.includes(id as never), id);
  // Loopback: reachable for Trustbridge with --allow-private-issuers, never for AWS.
  assert.equal(diagnosis.checks.find((c) => c.id === 'address')?.status, 'warn');
});

test('every fault is reported with the exact AWS error it causes', async () => {
  const all = await faults(kit.pki);
  const expectations: Record<string, { check: string; code: string; message: (url: string) => string }> = {
    'chain out of order': { check: 'tls-chain', code: 'OpenIdIdpCommunicationError', message: chainError },
    'chain with a duplicate certificate': { check: 'tls-chain', code: 'OpenIdIdpCommunicationError', message: chainError },
    'chain with an unrelated extra certificate': { check: 'tls-chain', code: 'OpenIdIdpCommunicationError', message: chainError },
    'JWKS answering after 6 s': { check: 'jwks', code: 'InvalidIdentityToken', message: () => VERIFICATION_KEY_MESSAGE },
    'JWKS on a refused port': { check: 'jwks', code: 'InvalidIdentityToken', message: () => VERIFICATION_KEY_MESSAGE },
    'JWKS with 101 keys': { check: 'jwks', code: 'InvalidIdentityToken', message: () => VERIFICATION_KEY_MESSAGE },
    'discovery issuer differing from the URL': { check: 'discovery', code: 'InvalidIdentityToken', message: () => VERIFICATION_KEY_MESSAGE },
  };
  await Promise.all(Object.entries(expectations).map(async ([name, expected]) => {
    const issuer = await kit.start(all[name]);
    const diagnosis = await diagnoseIssuer(issuer.url, { extraCaPems: [kit.pki.rootPem] });
    assert.equal(diagnosis.healthy, false, name);
    const check = diagnosis.checks.find((c) => c.id === expected.check && c.status === 'fail');
    assert.ok(check, `${name}: no failing ${expected.check} check in ${JSON.stringify(diagnosis.checks.map((c) => [c.id, c.status]))}`);
    assert.equal(check.awsError?.code, expected.code, name);
    assert.equal(check.awsError?.message, expected.message(issuer.url), name);
    assert.ok(check.fix, `${name}: no fix`);
    // The rendered report carries the AWS CLI's own line for the error.
    const text = renderDiagnosis(diagnosis, false);
    assert.ok(text.includes(`An error occurred (${expected.code}) when calling the`), name);
    assert.ok(text.includes(expected.message(issuer.url)), name);
  }));
});

test('keys without kid/alg/use, a no-cache JWKS and a clock 10 minutes behind are each reported', async () => {
  const { kid: _kid, alg: _alg, use: _use, ...bare } = kit.key.jwk;
  const issuer = await kit.start({
    jwks: () => ({ keys: [bare] }),
    jwksHeaders: { 'cache-control': 'no-cache', date: new Date(Date.now() - 600_000).toUTCString() },
  });
  const diagnosis = await diagnoseIssuer(issuer.url, { extraCaPems: [kit.pki.rootPem] });
  const status = (id: string) => diagnosis.checks.find((c) => c.id === id);
  assert.equal(status('keys')?.status, 'warn');
  assert.match(status('keys')?.details.join('\n') ?? '', /missing kid, alg, use/);
  assert.equal(status('caching')?.status, 'warn');
  assert.equal(status('clock')?.status, 'fail');
  assert.equal(status('clock')?.awsError?.code, 'ExpiredTokenException');
  assert.equal(diagnosis.healthy, false);
});

test('the doctor command: --json, exit 0 when healthy, 1 otherwise, no colour off a TTY', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trustbridge-doctor-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, kit.pki.rootPem);
  const healthy = await kit.start();
  const broken = await kit.start((await faults(kit.pki))['JWKS with 101 keys']);

  const run = async (args: string[]): Promise<{ out: string; exitCode: number | undefined }> => {
    const program = new Command('trustbridge').exitOverride();
    register(program);
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => { chunks.push(String(chunk)); return true; }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'trustbridge', 'doctor', ...args]);
    } finally {
      process.stdout.write = write;
    }
    const exitCode = process.exitCode as number | undefined;
    process.exitCode = 0;
    return { out: chunks.join(''), exitCode };
  };

  const ok = await run(['--issuer', healthy.url, '--ca', caFile]);
  assert.equal(ok.exitCode, 0);
  assert.match(ok.out, /Healthy/);
  // eslint-disable-next-line no-control-regex -- matches terminal colour escapes
  assert.doesNotMatch(ok.out, /\x1b\[/);
  const bad = await run(['--issuer', broken.url, '--ca', caFile, '--json']);
  assert.equal(bad.exitCode, 1);
  const parsed = JSON.parse(bad.out) as { healthy: boolean; checks: Array<{ id: string; awsError?: { message: string } }> };
  assert.equal(parsed.healthy, false);
  assert.equal(parsed.checks.find((c) => c.id === 'jwks')?.awsError?.message, VERIFICATION_KEY_MESSAGE);
});
