/**
 * Start-up times, each beside bare `node -e 0` measured in the same run: `trustbridge --help`,
 * `trustbridge token`, and `trustbridge up` until it is ready — both endpoints answering and
 * D/env written — on an existing data directory and on a fresh one. Medians of a few runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:https';
import { freePort } from './http/processes.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

export interface StartupRow {
  what: string;
  medianMs: number;
  ratioToNode: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timeCommand(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function answers(url: string, ca?: Buffer): Promise<boolean> {
  if (ca === undefined) return (await fetch(url).catch(() => undefined))?.status === 200;
  return new Promise((resolve) => {
    const req = request(url, { agent: new Agent({ ca }), timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Milliseconds from spawn until `up` answers on both ports and has written D/env; then stops it. */
async function timeUp(dir: string): Promise<number> {
  const [apiPort, issuerPort] = [await freePort(), await freePort()];
  rmSync(join(dir, 'env'), { force: true });
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, 'up', '--dir', dir, '--api-port', String(apiPort), '--issuer-port', String(issuerPort)], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    let ca: Buffer | undefined;
    for (;;) {
      if (child.exitCode !== null) throw new Error('up exited before it was ready');
      ca ??= existsSync(join(dir, 'tls', 'ca.pem')) ? readFileSync(join(dir, 'tls', 'ca.pem')) : undefined;
      if (existsSync(join(dir, 'env')) && ca !== undefined && (await answers(`http://127.0.0.1:${apiPort}/healthz`)) && (await answers(`https://localhost:${issuerPort}/.well-known/openid-configuration`, ca))) {
        return Number(process.hrtime.bigint() - started) / 1e6;
      }
      await sleep(5);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function runStartupBench(runs: number): Promise<StartupRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'tb-startup-'));
  try {
    const existing = join(work, 'existing');
    await timeUp(existing); // creates the directory (CA, keys, store, bootstrap) once
    const samples: Record<string, number[]> = { node: [], help: [], token: [], upExisting: [], upFresh: [] };
    for (let i = 0; i < runs; i++) {
      samples['node']!.push(timeCommand(['-e', '0']));
      samples['help']!.push(timeCommand([CLI, '--help']));
      samples['token']!.push(timeCommand([CLI, 'token', '--dir', existing, '--project', 'mygroup/myproject', '--ref', 'main']));
      samples['upExisting']!.push(await timeUp(existing));
      samples['upFresh']!.push(await timeUp(join(work, `fresh-${i}`)));
    }
    const node = median(samples['node']!);
    const row = (what: string, key: string): StartupRow => ({ what, medianMs: median(samples[key]!), ratioToNode: median(samples[key]!) / node });
    return [
      row('node -e 0 (baseline)', 'node'),
      row('trustbridge --help', 'help'),
      row('trustbridge token', 'token'),
      row('trustbridge up, ready (existing dir)', 'upExisting'),
      row('trustbridge up, ready (fresh dir)', 'upFresh'),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
