/**
 * Every node serves roles and providers from memory, yet a change made through one node is
 * applied by another within a second: two `serve` processes on one SQLite file, and two on one
 * PostgreSQL schema. Node B answers AssumeRoleWithWebIdentity (priming its cache), node A
 * changes the role's trust policy, and node B must follow — both ways.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { POSTGRES_URL } from '../store/backends.js';
import { adminEnv, freePort, removeDir, run, startCommand, trustbridge, type RunningStack } from '../e2e/stack.js';

const SUBJECT = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
const WITHIN_MS = 1_000;

function trustPolicy(issuerHost: string, subject: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${issuerHost}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${issuerHost}:sub`]: subject } },
    }],
  });
}

async function assumeStatus(endpoint: string, roleArn: string, token: string): Promise<number> {
  const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'cache-test', WebIdentityToken: token });
  const response = await fetch(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  await response.text();
  return response.status;
}

/** Milliseconds until `endpoint` answers `status`, polling; fails beyond `limit`. */
async function untilStatus(endpoint: string, roleArn: string, token: string, status: number, limit = WITHIN_MS): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answered = await assumeStatus(endpoint, roleArn, token);
    const elapsed = Date.now() - started;
    if (answered === status) return elapsed;
    assert.ok(elapsed < limit, `node B still answers ${answered} (not ${status}) after ${elapsed} ms`);
    await sleep(20);
  }
}

const stores = [
  { name: 'SQLite, two processes on one file', shared: (dir: string) => ['--dir', dir], schema: undefined },
  { name: 'PostgreSQL, two nodes on one schema', shared: undefined, schema: `tb_cache_${process.pid}_${Date.now()}` },
] as const;

for (const backend of stores) {
  describe(`cross-node cache invalidation: ${backend.name}`, () => {
    let issuer: RunningStack;
    let nodeA: RunningStack;
    let nodeB: RunningStack;

    before(async () => {
      const issuerDir = mkdtempSync(join(tmpdir(), 'tb-issuer-'));
      issuer = await startCommand(['issuer', 'serve', '--dir', issuerDir, '--port', String(await freePort())], issuerDir, 'issuer https://');
      const common = ['--ca', join(issuerDir, 'tls', 'ca.pem'), '--allow-private-issuers'];
      const dirA = mkdtempSync(join(tmpdir(), 'tb-node-a-'));
      const store = backend.schema === undefined ? [] : ['--store', `${POSTGRES_URL}?schema=${backend.schema}`];
      nodeA = await startCommand(['serve', '--dir', dirA, '--port', String(await freePort()), ...store, ...common], dirA, 'listening on');
      // On SQLite node B shares A's directory (store file and master key); on PostgreSQL only the key.
      const dirB = backend.schema === undefined ? dirA : mkdtempSync(join(tmpdir(), 'tb-node-b-'));
      if (dirB !== dirA) copyFileSync(join(dirA, 'master.key'), join(dirB, 'master.key'));
      nodeB = await startCommand(['serve', '--dir', dirB, '--port', String(await freePort()), ...store, ...common], dirB, 'listening on');
    });

    after(async () => {
      for (const node of [nodeA, nodeB, issuer]) await node?.stop();
      for (const node of [nodeA, nodeB, issuer]) if (node !== undefined) removeDir(node.dir);
      if (backend.schema !== undefined) {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop schema if exists "${backend.schema}" cascade`);
        await client.end();
      }
    });

    it('applies a trust-policy change made on node A on node B within 1 s, both ways', async () => {
      const issuerUrl = /issuer (https:\/\/\S+)/.exec(issuer.output())?.[1] ?? '';
      const host = issuerUrl.replace('https://', '');
      const admin = adminEnv(nodeA);
      const provider = run('aws', ['iam', 'create-open-id-connect-provider', '--url', issuerUrl, '--client-id-list', issuerUrl, '--thumbprint-list', 'b'.repeat(40)], admin);
      assert.equal(provider.status, 0, provider.stderr);
      const role = run('aws', ['iam', 'create-role', '--role-name', 'flip', '--assume-role-policy-document', trustPolicy(host, SUBJECT), '--query', 'Role.Arn', '--output', 'text'], admin);
      assert.equal(role.status, 0, role.stderr);
      const roleArn = role.stdout.trim();
      const token = trustbridge(['token', '--dir', issuer.dir, '--project', 'mygroup/myproject', '--ref', 'main']).stdout.trim();
      const endpointB = nodeB.env['AWS_ENDPOINT_URL'] ?? '';

      // The first call also fetches the issuer's keys, which takes what it takes on a busy machine.
      await untilStatus(endpointB, roleArn, token, 200, 30_000);
      // Cached on B now: these answers come from memory.
      assert.equal(await assumeStatus(endpointB, roleArn, token), 200);

      const deny = run('aws', ['iam', 'update-assume-role-policy', '--role-name', 'flip', '--policy-document', trustPolicy(host, 'project_path:other/project:ref_type:branch:ref:main')], admin);
      assert.equal(deny.status, 0, deny.stderr);
      const toDenied = await untilStatus(endpointB, roleArn, token, 403);

      const allow = run('aws', ['iam', 'update-assume-role-policy', '--role-name', 'flip', '--policy-document', trustPolicy(host, SUBJECT)], admin);
      assert.equal(allow.status, 0, allow.stderr);
      const toAllowed = await untilStatus(endpointB, roleArn, token, 200);
      process.stdout.write(`# node B followed node A after ${toDenied} ms and ${toAllowed} ms\n`);
    });
  });
}
