/**
 * `npm run bench [-- --quick] [-- --json]`: the in-process hot paths (policy, STS pipeline, token
 * verification), then the HTTP load table (serve --workers 2 on SQLite and PostgreSQL, the bare
 * node:http ceiling, moto_server) and the start-up times, each beside its same-run baseline.
 * The load table is three rounds of every load (3 s warm-up in the first, 8 s measured), its
 * figures the medians; --quick runs one round (2 s warm-up, 4 s measured) and takes 3 start-up
 * samples; --json prints one JSON document instead of the tables. A full run takes about seven
 * minutes.
 */
import { cpus, loadavg } from 'node:os';
import * as policy from './policy.js';
import * as stsAssume from './sts-assume.js';
import * as oidcVerify from './oidc-verify.js';
import { runHttpBench, type HttpReport } from './http/http-bench.js';
import { runStartupBench, type StartupRow } from './startup.js';

interface BenchModule {
  run(): Promise<void>;
}

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
const timing = quick ? { warmupSeconds: 2, seconds: 4, rounds: 1 } : { warmupSeconds: 3, seconds: 8, rounds: 3 };
const inProcessModules: Array<[string, BenchModule]> = [['policy', policy], ['sts-assume', stsAssume], ['oidc-verify', oidcVerify]];

/** The in-process benchmarks print their own lines; under --json they are collected instead. */
async function inProcess(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const print = console.log;
  for (const [name, module] of inProcessModules) {
    const lines: string[] = [];
    out[name] = lines;
    if (!json) print(`\n== ${name} ==`);
    console.log = (...parts: unknown[]) => (json ? lines.push(parts.join(' ')) : print(...parts));
    try {
      await module.run();
    } finally {
      console.log = print;
    }
  }
  return out;
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? '—' : value.toFixed(digits);
}

function printHttp(report: HttpReport): void {
  const rounds = report.rounds === 1 ? 'one round' : `medians of ${report.rounds} rounds, each ratio taken within its round`;
  console.log(`\n== HTTP load (16 connections, autocannon in its own process; ${rounds}) ==`);
  const header = ['target', 'call', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB', '× moto', '× ceiling', 'server CPU µs/call', 'client CPU %', 'req/s by round'];
  const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');
  const rows = report.rows.map((r) => [r.target, r.call, thousands(r.requestsPerSecond), fixed(r.p50Ms, 1), fixed(r.p99Ms, 1), String(r.errors), fixed(r.peakRssMb, 0), fixed(r.ratioToMoto, 1), fixed(r.ratioToCeiling, 2), fixed(r.serverCpuMicrosPerCall, 0), fixed(r.clientCpuPercent, 0), r.rounds.map(thousands).join(' / ')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i < 2 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  const ceiling = report.rows.find((r) => r.target.startsWith('ceiling'));
  if (ceiling !== undefined) {
    console.log(`client: the same load client drove the ceiling at ${Math.round(ceiling.requestsPerSecond).toLocaleString('en-US')} req/s using ${fixed(ceiling.clientCpuPercent, 0)} % of a core, so below that rate it is not the bottleneck.`);
  }
  for (const j of report.jwks) {
    console.log(`JWKS fetches under load (${j.store}): ${j.fetches} for ${j.serveProcesses} serve workers, cache period ${j.cacheSeconds} s — ${j.fetches === 1 ? 'one per issuer per period' : 'NOT one per issuer per period'}`);
  }
  console.log('server CPU µs/call: CPU time of all the target\'s processes and threads per measured call (from /proc), the median over rounds; PostgreSQL\'s own backends not counted.');
  for (const note of report.notes) console.log(`note: ${note}`);
}

function printStartup(rows: StartupRow[]): void {
  console.log('\n== start-up (median) ==');
  for (const row of rows) console.log(`${row.what.padEnd(40)} ${row.medianMs.toFixed(0).padStart(6)} ms  ${row.ratioToNode.toFixed(2).padStart(5)} × node`);
}

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) };
if (!json) console.log(`machine: ${machine.cpus} × ${machine.model}, Node ${machine.node}, load average ${machine.loadAverage.join(' ')}`);
const inProcessResults = await inProcess();
const http = await runHttpBench(timing);
if (!json) printHttp(http);
const startup = await runStartupBench(quick ? 3 : 5);
if (json) {
  process.stdout.write(`${JSON.stringify({ machine, loadAverageAtEnd: loadavg(), inProcess: inProcessResults, http, startup }, null, 2)}\n`);
} else {
  printStartup(startup);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
