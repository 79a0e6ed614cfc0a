/** The issuer's commands as a user runs them: the built CLI in a child process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { register as registerCa } from '../../src/cli/ca.js';
import { register as registerIssuer } from '../../src/cli/issuer.js';
import { register as registerRun } from '../../src/cli/run.js';
import { register as registerToken } from '../../src/cli/token.js';
import { tempDir } from './helpers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('token prints the JWT alone on stdout, with flags mapped to claims', (t) => {
  const dir = tempDir(t);
  const r = cli([
    'token', '--dir', dir, '--url', 'https://issuer.test', '--project', 'grp/app', '--ref', 'v2', '--ref-type', 'tag',
    '--aud', 'a', '--aud', 'b', '--claim', 'extra=1', '--claim', 'n:=2', '--ttl', '15m', '--runner-id', '7',
    '--environment', 'production', '--pipeline-source', 'web',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const claims = decodeJwt(r.stdout.trim());
  assert.equal(claims.iss, 'https://issuer.test');
  assert.deepEqual(claims.aud, ['a', 'b']);
  assert.equal(claims.sub, 'project_path:grp/app:ref_type:tag:ref:v2');
  assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 900);
  assert.equal(claims.runner_id, 7);
  assert.equal(claims.environment, 'production');
  assert.equal(claims.pipeline_source, 'web');
  assert.equal(claims.extra, '1');
  assert.equal(claims.n, 2);
  assert.deepEqual(Object.keys(decodeProtectedHeader(r.stdout.trim())), ['kid', 'typ', 'alg']);
});

test('token without a running issuer or --url says what to do', (t) => {
  const r = cli(['token', '--dir', tempDir(t)]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no issuer has run in .*pass --url/);
});

test('run exits with the job\'s exit code', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'ci.yml'), 'job:\n  script:\n    - exit 4\n');
  const r = cli(['run', join(dir, 'ci.yml'), '--job', 'job', '--dir', join(dir, 'data'), '--url', 'https://issuer.test']);
  assert.equal(r.status, 4);
  const ok = cli(['run', join(dir, 'ci.yml'), '--job', 'missing', '--dir', join(dir, 'data'), '--url', 'https://issuer.test']);
  assert.equal(ok.status, 1);
  assert.match(ok.stderr, /ERROR: no job "missing"/);
});

test('issuer rotate and export work on a data directory; ca prints the CA path', (t) => {
  const dir = tempDir(t);
  assert.equal(cli(['token', '--dir', dir, '--url', 'https://issuer.test']).status, 0);
  const rotated = cli(['issuer', 'rotate', '--dir', dir]);
  assert.equal(rotated.status, 0, rotated.stderr);
  assert.match(rotated.stdout, /current .*\n\s+next .*\n\s+retired .*tokens until/);
  const exported = cli(['issuer', 'export', join(dir, 'public'), '--dir', dir, '--url', 'https://pub.example']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /\.well-known\/openid-configuration\n.*oauth\/discovery\/keys\n/);
  const ca = cli(['ca', '--dir', dir]);
  assert.equal(ca.stdout, `${join(dir, 'tls', 'ca.pem')}\n`);
});

test('every issuer command documents an example in --help', async () => {
  // In-process (spawning the CLI seven times is slow): the same registrars on a fresh program.
  for (const args of [['token'], ['run'], ['ca'], ['issuer'], ['issuer', 'serve'], ['issuer', 'rotate'], ['issuer', 'export']]) {
    let out = '';
    const program = new Command('trustbridge').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    for (const register of [registerToken, registerRun, registerCa, registerIssuer]) register(program);
    for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => (out += s) });
    await assert.rejects(program.parseAsync([...args, '--help'], { from: 'user' }), { code: 'commander.helpDisplayed' });
    assert.match(out, /Example/, args.join(' '));
  }
});
