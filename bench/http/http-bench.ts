/**
 * AssumeRoleWithWebIdentity and GetCallerIdentity over HTTP, side by side in one run:
 * `trustbridge serve --workers 2` on SQLite (and on the local PostgreSQL), the bare node:http
 * ceiling (ceiling-server.ts, same worker count) and moto_server when it is installed. Each is
 * loaded by the same client (load-client.ts, autocannon, in its own process), after a warm-up,
 * in rounds (runRounds): the table gives medians, and each ratio is taken within a round. The
 * allowed call is measured twice on SQLite: with one token presented again and again (the
 * issue's set-up; the verifier remembers the signature) and with a new token per call (what
 * CI jobs present). Also counts the JWKS fetches each serve made: one, since its primary
 * fetches for all its workers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createQueryClient, parseXml } from '../../src/aws/query-client.js';
import { signRequest } from '../../src/aws/sigv4/sign.js';
import { PRINT_SLOTS } from '../../src/oidc/verified-signatures.js';
import { JWKS_MAX_AGE_SECONDS, startBenchIssuer, type BenchIssuer } from './bench-issuer.js';
import type { LoadResult, LoadSpec } from './load-client.js';
import { MEASURING } from './measuring.js';
import { cpuMicros, freePort, peakRssMb, processTree, start, type Started } from './processes.js';

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
  /**
   * CPU time the target's processes (every thread) used per measured call, median over rounds: a
   * steadier figure than the rate on a host whose speed drifts, and what an optimisation moves.
   */
  serverCpuMicrosPerCall: number | undefined;
  /** Requests/s of each round; the row's figures are the medians. */
  rounds: number[];
  /** The median over rounds of this row's rate over moto's (or the ceiling's) in the same round. */
  ratioToMoto?: number;
  ratioToCeiling?: number;
}

export interface HttpReport {
  rows: HttpRow[];
  jwks: Array<{ store: string; fetches: number; serveProcesses: number; cacheSeconds: number }>;
  notes: string[];
  rounds: number;
}

interface Timing {
  warmupSeconds: number;
  seconds: number;
  /** How many times every load is run, in turn (see runRounds). */
  rounds: number;
}

/** What a row loads; the connections and timing are the run's. */
type Spec = Omit<LoadSpec, 'connections' | 'warmupSeconds' | 'seconds'>;

/** One load run, and the CPU time the target's processes used per measured call (all their threads). */
interface Measured extends LoadResult {
  serverCpuMicrosPerCall: number | undefined;
}

async function loadOnce(spec: Spec, timing: Omit<Timing, 'rounds'>, pids: () => number[]): Promise<Measured> {
  const child = spawn(process.execPath, [LOAD_CLIENT, JSON.stringify({ ...spec, connections: CONNECTIONS, warmupSeconds: timing.warmupSeconds, seconds: timing.seconds })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let cpuAtStart: number | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (cpuAtStart === undefined && out.startsWith(`${MEASURING}\n`)) cpuAtStart = cpuMicros(pids());
  });
  await new Promise((resolve) => child.once('exit', resolve));
  const cpuAtEnd = cpuMicros(pids());
  const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult;
  const used = cpuAtStart === undefined || cpuAtEnd === undefined || result.total === 0 ? undefined : (cpuAtEnd - cpuAtStart) / result.total;
  return { ...result, serverCpuMicrosPerCall: used };
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

/** One row of the table: a target's call, loaded once per round. */
interface Load {
  target: string;
  call: string;
  spec: Spec;
  pids(): number[];
  results: Measured[];
  /** Read once every round has run, while the processes still live. */
  peakRssMb: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Every load once per round, all targets up at once, rounds one after another. This host's speed
 * drifts by a quarter within minutes (the same build measured 3,000 and 4,700 req/s a minute
 * apart; the ceiling 14,700 to 19,000), so a ratio of two rows measured minutes apart says more
 * about the drift than about the code. Each row's ratios are taken within a round, against the
 * ceiling (or moto) measured seconds before, and the table shows their median.
 */
async function runRounds(loads: Load[], timing: Timing): Promise<void> {
  for (let round = 0; round < timing.rounds; round++) {
    // Later rounds find every process warm: a short warm-up only re-opens the connections.
    const warmupSeconds = round === 0 ? timing.warmupSeconds : 1;
    for (const load of loads) load.results.push(await loadOnce(load.spec, { ...timing, warmupSeconds }, load.pids));
  }
}

function rowOf(load: Load, ceiling: Load | undefined, moto: Load | undefined): HttpRow {
  const results = load.results;
  const ratio = (base: Load | undefined): number | undefined =>
    base === undefined || base === load ? undefined : median(results.map((r, i) => r.requestsPerSecond / base.results[i]!.requestsPerSecond));
  return {
    target: load.target,
    call: load.call,
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    total: results.reduce((sum, r) => sum + r.total, 0),
    clientCpuPercent: median(results.map((r) => r.clientCpuPercent)),
    closedByServer: results.reduce((sum, r) => sum + r.closedByServer, 0),
    peakRssMb: load.peakRssMb,
    serverCpuMicrosPerCall: results.some((r) => r.serverCpuMicrosPerCall === undefined) ? undefined : median(results.map((r) => r.serverCpuMicrosPerCall ?? 0)),
    rounds: results.map((r) => r.requestsPerSecond),
    ratioToCeiling: ratio(ceiling),
    ratioToMoto: ratio(moto),
  };
}

/**
 * Tokens to take in turn, each call a new one as each new CI job presents it: every call pays the
 * RSA verify, and so many that a token comes back only after its print in either worker's table
 * of first sightings has most likely been overwritten (a token is remembered on its second
 * sighting, src/oidc/verified-signatures.ts).
 */
function newTokenBodies(work: string, issuer: BenchIssuer, roleArn: string): string {
  const file = join(work, 'new-token-bodies.json');
  writeFileSync(file, JSON.stringify(Array.from({ length: 4 * PRINT_SLOTS }, () => assumeBody(roleArn, issuer.token()))));
  return file;
}

export async function runHttpBench(timing: Timing): Promise<HttpReport> {
  const work = mkdtempSync(join(tmpdir(), 'tb-bench-'));
  // One issuer per serve, so that each one's JWKS fetches are counted apart.
  const sqliteIssuer = await startBenchIssuer(join(work, 'issuer-sqlite'));
  const postgresIssuer = await startBenchIssuer(join(work, 'issuer-postgres'));
  const jwks: HttpReport['jwks'] = [];
  const notes: string[] = [];
  const token = sqliteIssuer.token();
  const stops: Array<() => Promise<void>> = [];
  const schema = `tb_bench_${process.pid}_${Date.now()}`;
  const loads: Load[] = [];
  const add = (target: string, pids: () => number[], calls: Array<{ call: string; spec: Spec }>): void => {
    for (const { call, spec } of calls) loads.push({ target, call, spec, pids, results: [], peakRssMb: 0 });
  };
  try {
    // The ceiling: bare node:http, one RS256 verify per request.
    const ceilingPort = await freePort();
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}/`;
    const ceiling = await start(process.execPath, [CEILING, String(ceilingPort), String(WORKERS)], async () => (await fetch(ceilingUrl, { method: 'POST', body: '' }).catch(() => undefined)) !== undefined, {
      ...process.env, CEILING_TOKEN: token, CEILING_JWK: JSON.stringify(sqliteIssuer.publicJwk),
    });
    stops.push(() => ceiling.stop());
    add('ceiling (node:http + RS256 verify)', () => processTree(ceiling.child.pid ?? 0), [
      { call: 'fixed answer', spec: { url: ceilingUrl, body: assumeBody('arn:aws:iam::000000000000:role/x', token), headers: FORM, expectStatus: 200 } },
    ]);

    // Trustbridge on SQLite.
    const sqlite = await startServe(sqliteIssuer, join(work, 'sqlite'), []);
    stops.push(() => sqlite.node.stop());
    const credentials = await sessionCredentials(sqlite.url, assumeBody(sqlite.allowedRole, token));
    add('trustbridge (SQLite)', () => processTree(sqlite.node.child.pid ?? 0), [
      { call: 'AssumeRoleWithWebIdentity allowed', spec: { url: sqlite.url, body: assumeBody(sqlite.allowedRole, token), headers: FORM, expectStatus: 200 } },
      { call: 'AssumeRoleWithWebIdentity allowed, new token', spec: { url: sqlite.url, body: '', bodiesFile: newTokenBodies(work, sqliteIssuer, sqlite.allowedRole), headers: FORM, expectStatus: 200 } },
      { call: 'AssumeRoleWithWebIdentity denied', spec: { url: sqlite.url, body: assumeBody(sqlite.deniedRole, token), headers: FORM, expectStatus: 403 } },
      { call: 'GetCallerIdentity', spec: { url: sqlite.url, ...signedCallerIdentity(sqlite.url, credentials), expectStatus: 200 } },
    ]);

    // Trustbridge on PostgreSQL.
    try {
      const postgres = await startServe(postgresIssuer, join(work, 'postgres'), ['--store', `${POSTGRES_URL}?schema=${schema}`]);
      stops.push(() => postgres.node.stop());
      add('trustbridge (PostgreSQL)', () => processTree(postgres.node.child.pid ?? 0), [
        { call: 'AssumeRoleWithWebIdentity allowed', spec: { url: postgres.url, body: assumeBody(postgres.allowedRole, postgresIssuer.token()), headers: FORM, expectStatus: 200 } },
      ]);
    } catch (err) {
      notes.push(`PostgreSQL row skipped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }

    // moto_server, when installed: the same calls (it checks nothing).
    if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0) {
      const motoPort = await freePort();
      const motoUrl = `http://127.0.0.1:${motoPort}/`;
      const moto = await start('moto_server', ['-H', '127.0.0.1', '-p', String(motoPort)], async () => (await fetch(`${motoUrl}moto-api/`).catch(() => undefined)) !== undefined);
      stops.push(() => moto.stop());
      const role = 'arn:aws:iam::123456789012:role/bench';
      const motoCredentials = await sessionCredentials(motoUrl, assumeBody(role, token));
      add('moto_server', () => processTree(moto.child.pid ?? 0), [
        { call: 'AssumeRoleWithWebIdentity allowed', spec: { url: motoUrl, body: assumeBody(role, token), headers: FORM, expectStatus: 200 } },
        { call: 'GetCallerIdentity', spec: { url: motoUrl, ...signedCallerIdentity(motoUrl, motoCredentials), expectStatus: 200 } },
      ]);
      notes.push('moto accepts every token, so it has no "denied" row; the denied row is compared with moto\'s allowed one.');
    } else {
      notes.push('moto_server is not installed: no moto rows.');
    }

    await runRounds(loads, timing);
    for (const load of loads) load.peakRssMb = peakRssMb(load.pids());
    jwks.push({ store: 'SQLite', fetches: sqliteIssuer.jwksFetches(), serveProcesses: WORKERS, cacheSeconds: JWKS_MAX_AGE_SECONDS });
    if (loads.some((l) => l.target === 'trustbridge (PostgreSQL)')) jwks.push({ store: 'PostgreSQL', fetches: postgresIssuer.jwksFetches(), serveProcesses: WORKERS, cacheSeconds: JWKS_MAX_AGE_SECONDS });
    const closed = loads.filter((l) => l.target === 'moto_server').reduce((sum, l) => sum + l.results.reduce((n, r) => n + r.closedByServer, 0), 0);
    if (closed > 0) notes.push(`moto_server (Werkzeug) closes the connection after every answer: the client opened a new connection for each of its ${closed} measured calls, as boto3 does.`);
  } finally {
    for (const stop of stops.reverse()) await stop();
    await dropSchema(schema);
    await sqliteIssuer.close();
    await postgresIssuer.close();
    rmSync(work, { recursive: true, force: true });
  }
  const ceiling = loads.find((l) => l.target.startsWith('ceiling'));
  const motoLoad = (call: string): Load | undefined => loads.find((l) => l.target === 'moto_server' && l.call === call);
  const rows = loads.map((load) => {
    if (load.target === 'moto_server' || load === ceiling) return rowOf(load, undefined, undefined);
    return rowOf(load, ceiling, motoLoad(load.call.startsWith('AssumeRole') ? 'AssumeRoleWithWebIdentity allowed' : load.call));
  });
  return { rows, jwks, notes, rounds: timing.rounds };
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
