/**
 * `trustbridge backup` (issue 10): a consistent copy of the SQLite store taken while `up` runs
 * and takes writes, restored into another directory with the same master key, serves the same
 * roles, and AssumeRoleWithWebIdentity and GetCallerIdentity work against it. On PostgreSQL it
 * points to pg_dump and exits 2.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { POSTGRES_URL } from '../store/backends.js';
import { adminEnv, CLI, freePort, removeDir, run, sessionEnv, startCommand, startStack, trustbridge, type RunningStack } from './stack.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::000000000000:oidc-provider/example.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }],
});

describe('backup while the server runs, restored elsewhere', () => {
  let stack: RunningStack;
  let restored: RunningStack | undefined;
  const work = mkdtempSync(join(tmpdir(), 'tb-backup-'));

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await restored?.stop();
    await stack.stop();
    removeDir(stack.dir);
    removeDir(work);
  });

  test('the copy is consistent under writes, and a second node on it with the same key serves its roles and sessions', async () => {
    const iam = new IAMClient({
      endpoint: stack.env.AWS_ENDPOINT_URL ?? '',
      region: 'us-east-1',
      credentials: { accessKeyId: stack.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY ?? '' },
    });
    for (let i = 0; i < 5; i++) await iam.send(new CreateRoleCommand({ RoleName: `before-${i}`, AssumeRolePolicyDocument: TRUST }));
    // Writers keep going while the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) await iam.send(new CreateRoleCommand({ RoleName: `during-${written++}`, AssumeRolePolicyDocument: TRUST }));
    })();
    const file = join(work, 'trustbridge-backup.db');
    // Not spawnSync: the writer must keep running while the backup process copies.
    const backup = await promisify(execFile)(process.execPath, [CLI, 'backup', '--dir', stack.dir, file], { timeout: 60_000 });
    const writtenDuring = written;
    writing = false;
    await writer;
    iam.destroy();
    assert.match(backup.stdout, /Backed up .* pages\)/);
    const copy = new Database(file, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    copy.close();
    assert.equal(statSync(file).mode & 0o077, 0, 'the copy holds the decision log: owner-only');
    assert.ok(writtenDuring > 1, `writes ran during the backup (${writtenDuring})`);

    // Another directory, as on another machine: the backup as its store, the master key by file.
    const dir2 = join(work, 'restored');
    const keyFile = join(work, 'master.key');
    copyFileSync(join(stack.dir, 'master.key'), keyFile);
    mkdirSync(dir2, { mode: 0o700 });
    copyFileSync(file, join(dir2, 'trustbridge.db'));
    restored = await startCommand(
      ['serve', '--dir', dir2, '--port', String(await freePort()), '--master-key-file', keyFile, '--ca', join(stack.dir, 'tls', 'ca.pem'), '--allow-private-issuers'],
      dir2,
      'listening on',
    );
    // Same admin key (it was sealed in the store) and the roles made before the backup.
    assert.equal(restored.env.AWS_ACCESS_KEY_ID, stack.env.AWS_ACCESS_KEY_ID);
    const roles = run('aws', ['iam', 'list-roles', '--query', 'Roles[].RoleName', '--output', 'json'], adminEnv(restored));
    assert.equal(roles.status, 0, roles.stderr);
    const names = JSON.parse(roles.stdout) as string[];
    for (let i = 0; i < 5; i++) assert.ok(names.includes(`before-${i}`), names.join(','));

    // The tutorial role of the copied store, a token from the (still running) issuer: STS on the restored node.
    const token = trustbridge(['token', '--dir', stack.dir, '--project', 'mygroup/myproject', '--ref', 'main']).stdout.trim();
    const endpoint = restored.env.AWS_ENDPOINT_URL ?? '';
    const identity = run('aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], sessionEnv(endpoint, stack.env.ROLE_ARN ?? '', token));
    assert.equal(identity.status, 0, identity.stderr);
    assert.match(identity.stdout.trim(), /^arn:aws:sts::000000000000:assumed-role\//);
  });

  test('refuses to overwrite an existing file', () => {
    const file = join(work, 'exists.db');
    copyFileSync(join(stack.dir, 'master.key'), file);
    const again = trustbridge(['backup', '--dir', stack.dir, file]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists/);
  });
});

test('on a PostgreSQL store, backup exits 2 and points to pg_dump', () => {
  const result = trustbridge(['backup', '--store', `${POSTGRES_URL}?schema=tb_backup_unused`, join(tmpdir(), 'never.db')]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /use pg_dump/);
});

test('backup --help has an example and mentions the master key', () => {
  const help = trustbridge(['backup', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Example:\n  trustbridge backup --dir/);
  assert.match(help.stdout, /master key/);
});
