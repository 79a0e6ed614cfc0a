/**
 * Scale-out and restarts, as the README's "Many nodes" promises them: two `serve` nodes on one PostgreSQL store
 * (sharing the master key) see the same IAM state, a session minted by one node is verified by
 * the other with no store read, and state survives a restart of `up` on SQLite.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { POSTGRES_URL } from '../store/backends.js';
import { LOCAL_ACCOUNT } from '../support/accounts.js';
import { providerArn, subjectIs, webIdentityTrust } from '../support/trust-policy.js';
import { adminEnv, clientEnv, freePort, removeDir, run, startCommand, startStack, trustbridge, type RunningStack } from './stack.js';

/** The tutorial's trust policy for an issuer `serve` reaches under another host. */
function trustFor(issuerHost: string, subject: string): string {
  return webIdentityTrust(subjectIs(subject, issuerHost), { provider: providerArn(issuerHost, LOCAL_ACCOUNT) });
}

describe('two serve nodes on one PostgreSQL store', () => {
  const schema = `tb_e2e_${process.pid}_${Date.now()}`;
  let issuer: RunningStack;
  let nodeA: RunningStack;
  let nodeB: RunningStack;

  before(async () => {
    const issuerDir = mkdtempSync(join(tmpdir(), 'tb-issuer-'));
    issuer = await startCommand(['issuer', 'serve', '--dir', issuerDir, '--port', String(await freePort())], issuerDir, 'issuer https://');
    const store = `${POSTGRES_URL}?schema=${schema}`;
    const caFile = join(issuerDir, 'tls', 'ca.pem');
    const dirA = mkdtempSync(join(tmpdir(), 'tb-node-a-'));
    const serveArgs = (dir: string, port: number): string[] => ['serve', '--dir', dir, '--port', String(port), '--store', store, '--ca', caFile, '--allow-private-issuers'];
    nodeA = await startCommand(serveArgs(dirA, await freePort()), dirA, 'listening on');
    // Nodes share the master key: it unseals the admin keys in the store and the session tokens.
    const dirB = mkdtempSync(join(tmpdir(), 'tb-node-b-'));
    copyFileSync(join(dirA, 'master.key'), join(dirB, 'master.key'));
    nodeB = await startCommand(serveArgs(dirB, await freePort()), dirB, 'listening on');
  });

  after(async () => {
    for (const node of [nodeA, nodeB, issuer]) {
      await node.stop();
      removeDir(node.dir);
    }
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  test('both nodes use the same admin key and see each other\'s writes', () => {
    assert.equal(nodeB.env.AWS_ACCESS_KEY_ID, nodeA.env.AWS_ACCESS_KEY_ID);
    const created = run('aws', ['iam', 'create-role', '--role-name', 'shared', '--assume-role-policy-document', trustFor('example.com', 'x')], adminEnv(nodeA));
    assert.equal(created.status, 0, created.stderr);
    const seen = run('aws', ['iam', 'get-role', '--role-name', 'shared', '--query', 'Role.RoleName', '--output', 'text'], adminEnv(nodeB));
    assert.equal(seen.stdout.trim(), 'shared', seen.stderr);
  });

  test('a session minted by node A is honoured by node B', () => {
    const issuerUrl = /issuer (https:\/\/\S+)/.exec(issuer.output())?.[1] ?? '';
    const host = issuerUrl.replace('https://', '');
    const provider = run('aws', ['iam', 'create-open-id-connect-provider', '--url', issuerUrl, '--client-id-list', issuerUrl, '--thumbprint-list', 'b'.repeat(40)], adminEnv(nodeA));
    assert.equal(provider.status, 0, provider.stderr);
    const subject = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
    const role = run('aws', ['iam', 'create-role', '--role-name', 'deploy', '--assume-role-policy-document', trustFor(host, subject), '--query', 'Role.Arn', '--output', 'text'], adminEnv(nodeA));
    assert.equal(role.status, 0, role.stderr);
    const token = trustbridge(['token', '--dir', issuer.dir, '--project', 'mygroup/myproject', '--ref', 'main']).stdout.trim();

    const assumed = trustbridge(['assume', '--endpoint', nodeA.env.AWS_ENDPOINT_URL ?? '', '--role-arn', role.stdout.trim(), '--token', token, '--format', 'credential-process']);
    assert.equal(assumed.status, 0, assumed.stderr);
    const creds = JSON.parse(assumed.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const who = run('aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], clientEnv({
      AWS_ENDPOINT_URL: nodeB.env.AWS_ENDPOINT_URL ?? '',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
    }));
    assert.equal(who.stdout.trim(), 'arn:aws:sts::000000000000:assumed-role/deploy/trustbridge', who.stderr);
  });
});

describe('trustbridge up keeps its state across a restart', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tb-restart-'));
  });
  after(() => removeDir(dir));

  test('roles, keys and the issuer survive; the bootstrap does not repeat', async () => {
    const ports = { apiPort: await freePort(), issuerPort: await freePort() };
    const first = await startStack({ dir, ports });
    const created = run('aws', ['iam', 'create-role', '--role-name', 'kept', '--assume-role-policy-document', trustFor('example.com', 'x')], adminEnv(first));
    assert.equal(created.status, 0, created.stderr);
    assert.equal(await first.stop('SIGTERM'), 0);

    const second = await startStack({ dir, ports });
    try {
      assert.equal(second.env.AWS_ACCESS_KEY_ID, first.env.AWS_ACCESS_KEY_ID);
      const roles = run('aws', ['iam', 'list-roles', '--query', 'Roles[].RoleName', '--output', 'text'], adminEnv(second));
      assert.deepEqual(roles.stdout.trim().split(/\s+/).sort(), ['gitlab-deploy', 'kept'], roles.stderr);
    } finally {
      await second.stop();
    }
  });
});

describe('serve --workers: several processes on one port', () => {
  test('workers share the SQLite store and the admin key; SIGTERM stops them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-workers-'));
    const node = await startCommand(['serve', '--dir', dir, '--port', String(await freePort()), '--workers', '2'], dir, '(2 workers)');
    try {
      const created = run('aws', ['iam', 'create-role', '--role-name', 'from-any-worker', '--assume-role-policy-document', trustFor('example.com', 'x')], adminEnv(node));
      assert.equal(created.status, 0, created.stderr);
      // Connections are spread over the workers; every one sees the same store and key.
      for (let i = 0; i < 4; i++) {
        const seen = run('aws', ['iam', 'get-role', '--role-name', 'from-any-worker', '--query', 'Role.RoleName', '--output', 'text'], adminEnv(node));
        assert.equal(seen.stdout.trim(), 'from-any-worker', seen.stderr);
      }
    } finally {
      assert.equal(await node.stop('SIGTERM'), 0);
      removeDir(dir);
    }
  });
});
