/**
 * AssumeRoleWithWebIdentity and GetCallerIdentity over HTTP, side by side in one run:
 * `trustbridge serve --workers 2` on SQLite (and on the local PostgreSQL), the bare node:http
 * ceiling (ceiling-server.ts, same worker count) and moto_server when it is installed. Each is
 * loaded by the same client (load-client.ts, autocannon, in its own process) with the same
 * request, after a warm-up. Also counts the JWKS fetches each serve made: one, since its primary
 * fetches for all its workers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createQueryClient, parseXml } from '../../src/aws/query-client.js';
import { signRequest } from '../../src/aws/sigv4/sign.js';
import { JWKS_MAX_AGE_SECONDS, startBenchIssuer, type BenchIssuer } from './bench-issuer.js';
import type { LoadResult, LoadSpec } from './load-client.js';
import { freePort, peakRssMb, processTree, start, type Started } from './processes.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const LOAD_CLIENT = fileURLToPath(new URL('./load-client.js', import.meta.url));
const CEILING = fileURLToPath(new URL('./ceiling-server.js', import.meta.url));
const POSTGRES_URL = process.env['TRUSTBRIDGE_BENCH_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const WORKERS = 2;
const CONNECTIONS = 16;
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

export interface HttpRow extends LoadResult {
  target: string;
  call: string;
  peakRssMb: number;
  ratioToMoto?: number;
  ratioToCeiling?: number;
}

export interface HttpReport {
  rows: HttpRow[];
  jwks: Array<{ store: string; fetches: number; serveProcesses: number; cacheSeconds: number }>;
  notes: string[];
}

interface Timing {
  warmupSeconds: number;
  seconds: number;
}

async function loadOnce(spec: Omit<LoadSpec, 'connections' | 'warmupSeconds' | 'seconds'>, timing: Timing): Promise<LoadResult> {
  const child = spawn(process.execPath, [LOAD_CLIENT, JSON.stringify({ ...spec, connections: CONNECTIONS, ...timing })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult;
}

function assumeBody(roleArn: string, token: string): string {
  return new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'bench', WebIdentityToken: token }).toString();
}

/** A GetCallerIdentity signed once with session credentials; replayable within SigV4's 15-minute window. */
function signedCallerIdentity(url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): { body: string; headers: Record<string, string> } {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signed = signRequest(
    { method: 'POST', path: '/', query: '', headers: [['host', new URL(url).host], ...Object.entries(FORM)], body: Buffer.from(body) },
    { credentials, region: 'us-east-1', service: 'sts', now: new Date() },
  );
  return { body, headers: Object.fromEntries(signed.headers.filter(([name]) => name.toLowerCase() !== 'host')) };
}

function readEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of readFileSync(join(dir, 'env'), 'utf8').matchAll(/^export (\w+)=(.*)$/gm)) env[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
  return env;
}

interface ServeTarget {
  node: Started;
  url: string;
  allowedRole: string;
  deniedRole: string;
}

/** `serve --workers 2` with the issuer's provider and two roles: one trusting the token's subject, one not. */
async function startServe(issuer: BenchIssuer, dir: string, store: string[]): Promise<ServeTarget> {
  const port = await freePort();
  const node = await start(process.execPath, [CLI, 'serve', '--dir', dir, '--port', String(port), '--workers', String(WORKERS), '--ca', issuer.caFile, '--allow-private-issuers', ...store], (out) => out.includes('listening on'));
  const env = readEnv(dir);
  const client = createQueryClient({ endpoint: env['AWS_ENDPOINT_URL']!, region: 'us-east-1', credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! } });
  const host = issuer.url.slice('https://'.length);
  await client.call('iam', 'CreateOpenIDConnectProvider', { Url: issuer.url, ClientIDList: [issuer.url], ThumbprintList: ['a'.repeat(40)] });
  const role = async (name: string, sub: string): Promise<string> => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${host}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: issuer.url } } }] };
    return (await client.call('iam', 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) })).child('Role')?.text('Arn') ?? '';
  };
  return { node, url: env['AWS_ENDPOINT_URL']!, allowedRole: await role('bench-allowed', 'project_path:mygroup/myproject:ref_type:branch:ref:main'), deniedRole: await role('bench-denied', 'project_path:other/project:ref_type:branch:ref:main') };
}

async function sessionCredentials(url: string, body: string): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const response = await fetch(url, { method: 'POST', body, headers: FORM });
  const credentials = parseXml(await response.text()).child('AssumeRoleWithWebIdentityResult')?.child('Credentials');
  if (response.status !== 200 || credentials === undefined) throw new Error(`the warm-up AssumeRoleWithWebIdentity failed with HTTP ${response.status}`);
  return { accessKeyId: credentials.text('AccessKeyId') ?? '', secretAccessKey: credentials.text('SecretAccessKey') ?? '', sessionToken: credentials.text('SessionToken') ?? '' };
}

async function measureRows(target: string, pids: () => number[], calls: Array<{ call: string; spec: Omit<LoadSpec, 'connections' | 'warmupSeconds' | 'seconds'> }>, timing: Timing): Promise<HttpRow[]> {
  const rows: HttpRow[] = [];
  for (const { call, spec } of calls) {
    const result = await loadOnce(spec, timing);
    rows.push({ target, call, ...result, peakRssMb: peakRssMb(pids()) });
  }
  return rows;
}

export async function runHttpBench(timing: Timing): Promise<HttpReport> {
  const work = mkdtempSync(join(tmpdir(), 'tb-bench-'));
  const issuer = await startBenchIssuer(join(work, 'issuer'));
  const rows: HttpRow[] = [];
  const jwks: HttpReport['jwks'] = [];
  const notes: string[] = [];
  const token = issuer.token();
  try {
    // Trustbridge on SQLite.
    const sqlite = await startServe(issuer, join(work, 'sqlite'), []);
    const pids = (): number[] => processTree(sqlite.node.child.pid ?? 0);
    try {
      const credentials = await sessionCredentials(sqlite.url, assumeBody(sqlite.allowedRole, token));
      rows.push(...(await measureRows('trustbridge (SQLite)', pids, [
        { call: 'AssumeRoleWithWebIdentity allowed', spec: { url: sqlite.url, body: assumeBody(sqlite.allowedRole, token), headers: FORM, expectStatus: 200 } },
        { call: 'AssumeRoleWithWebIdentity denied', spec: { url: sqlite.url, body: assumeBody(sqlite.deniedRole, token), headers: FORM, expectStatus: 403 } },
        { call: 'GetCallerIdentity', spec: { url: sqlite.url, ...signedCallerIdentity(sqlite.url, credentials), expectStatus: 200 } },
      ], timing)));
      jwks.push({ store: 'SQLite', fetches: issuer.jwksFetches(), serveProcesses: WORKERS, cacheSeconds: JWKS_MAX_AGE_SECONDS });
    } finally {
      await sqlite.node.stop();
    }

    // Trustbridge on PostgreSQL.
    const schema = `tb_bench_${process.pid}_${Date.now()}`;
    const fetchesBefore = issuer.jwksFetches();
    try {
      const postgres = await startServe(issuer, join(work, 'postgres'), ['--store', `${POSTGRES_URL}?schema=${schema}`]);
      try {
        rows.push(...(await measureRows('trustbridge (PostgreSQL)', () => processTree(postgres.node.child.pid ?? 0), [
          { call: 'AssumeRoleWithWebIdentity allowed', spec: { url: postgres.url, body: assumeBody(postgres.allowedRole, token), headers: FORM, expectStatus: 200 } },
        ], timing)));
        jwks.push({ store: 'PostgreSQL', fetches: issuer.jwksFetches() - fetchesBefore, serveProcesses: WORKERS, cacheSeconds: JWKS_MAX_AGE_SECONDS });
      } finally {
        await postgres.node.stop();
      }
    } catch (err) {
      notes.push(`PostgreSQL row skipped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    } finally {
      await dropSchema(schema);
    }

    // The ceiling: bare node:http, one RS256 verify per request.
    const ceilingPort = await freePort();
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}/`;
    const ceiling = await start(process.execPath, [CEILING, String(ceilingPort), String(WORKERS)], async () => (await fetch(ceilingUrl, { method: 'POST', body: '' }).catch(() => undefined)) !== undefined, {
      ...process.env, CEILING_TOKEN: token, CEILING_JWK: JSON.stringify(issuer.publicJwk),
    });
    try {
      rows.push(...(await measureRows('ceiling (node:http + RS256 verify)', () => processTree(ceiling.child.pid ?? 0), [
        { call: 'fixed answer', spec: { url: ceilingUrl, body: assumeBody('arn:aws:iam::000000000000:role/x', token), headers: FORM, expectStatus: 200 } },
      ], timing)));
    } finally {
      await ceiling.stop();
    }

    // moto_server, when installed: the same calls (it checks nothing).
    if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0) {
      const motoPort = await freePort();
      const motoUrl = `http://127.0.0.1:${motoPort}/`;
      const moto = await start('moto_server', ['-H', '127.0.0.1', '-p', String(motoPort)], async () => (await fetch(`${motoUrl}moto-api/`).catch(() => undefined)) !== undefined);
      try {
        const role = 'arn:aws:iam::123456789012:role/bench';
        const credentials = await sessionCredentials(motoUrl, assumeBody(role, token));
        rows.push(...(await measureRows('moto_server', () => processTree(moto.child.pid ?? 0), [
          { call: 'AssumeRoleWithWebIdentity allowed', spec: { url: motoUrl, body: assumeBody(role, token), headers: FORM, expectStatus: 200 } },
          { call: 'GetCallerIdentity', spec: { url: motoUrl, ...signedCallerIdentity(motoUrl, credentials), expectStatus: 200 } },
        ], timing)));
        notes.push('moto accepts every token, so it has no "denied" row; the denied row is compared with moto\'s allowed one.');
        const closed = rows.filter((r) => r.target === 'moto_server').reduce((sum, r) => sum + r.closedByServer, 0);
        if (closed > 0) notes.push(`moto_server (Werkzeug) closes the connection after every answer: the client opened a new connection for each of its ${closed} measured calls, as boto3 does.`);
      } finally {
        await moto.stop();
      }
    } else {
      notes.push('moto_server is not installed: no moto rows.');
    }
  } finally {
    await issuer.close();
    rmSync(work, { recursive: true, force: true });
  }
  addRatios(rows);
  return { rows, jwks, notes };
}

function addRatios(rows: HttpRow[]): void {
  const ceiling = rows.find((r) => r.target.startsWith('ceiling'))?.requestsPerSecond;
  const moto = (call: string): number | undefined => rows.find((r) => r.target === 'moto_server' && r.call === call)?.requestsPerSecond;
  for (const row of rows) {
    if (row.target.startsWith('ceiling') || row.target === 'moto_server') continue;
    const motoRate = moto(row.call.startsWith('AssumeRole') ? 'AssumeRoleWithWebIdentity allowed' : row.call);
    if (motoRate !== undefined) row.ratioToMoto = row.requestsPerSecond / motoRate;
    if (ceiling !== undefined) row.ratioToCeiling = row.requestsPerSecond / ceiling;
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } catch {
    // No PostgreSQL: nothing was created.
  } finally {
    await client.end().catch(() => undefined);
  }
}
