/**
 * Runs the real `trustbridge up` as a child process, the way a user does, and gives tests what
 * `source D/env` would give a shell. Real clients (aws CLI, boto3, the JS SDK) then talk to it.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { readEnvFile } from '../../src/workspace/env-file.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const CLI = join(REPO_ROOT, 'build/src/cli/main.js');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface RunningStack {
  dir: string;
  env: Record<string, string>;
  child: ChildProcess;
  /** The child's stdout so far. */
  output(): string;
  /** The child's stderr so far. */
  errors(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StackPorts {
  apiPort: number;
  issuerPort: number;
}

export async function startStack(options: { dir?: string; ports?: StackPorts } = {}): Promise<RunningStack> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tb-e2e-'));
  const ports = options.ports ?? { apiPort: await freePort(), issuerPort: await freePort() };
  return startCommand(['up', '--dir', dir, '--api-port', String(ports.apiPort), '--issuer-port', String(ports.issuerPort)], dir, 'Ctrl-C stops');
}

const STOP_DEADLINE_MS = 20_000;

/** Starts a long-running trustbridge command and waits until its stdout shows `ready`. */
export async function startCommand(args: string[], dir: string, ready: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningStack> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const deadline = Date.now() + 30_000;
  while (!stdout.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`trustbridge ${args[0] ?? ''} did not start:\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir,
    env: readEnvFile(dir),
    child,
    output: () => stdout,
    errors: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      // A command that ignores its signal must fail the test that stops it, by name, and not
      // hold the suite until CI's limit.
      let timer: NodeJS.Timeout | undefined;
      const overdue = new Promise<'overdue'>((done) => (timer = setTimeout(() => done('overdue'), STOP_DEADLINE_MS)));
      const code = await Promise.race([exited, overdue]);
      clearTimeout(timer);
      if (code !== 'overdue') return code;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`trustbridge ${args[0] ?? ''} did not exit within ${STOP_DEADLINE_MS} ms of ${signal}:\n${stdout}\n${stderr}`);
    },
  };
}

/** An AWS CLI config that does not fetch `https://` parameters as URLs (cli_follow_urlparam, https://docs.aws.amazon.com/cli/v1/userguide/cli-usage-parameters-file.html). */
function awsConfigFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tb-aws-')), 'config');
  writeFileSync(path, '[default]\ncli_follow_urlparam = false\n');
  return path;
}

const AWS_CONFIG = awsConfigFile();

/** A clean environment for real clients: only PATH/HOME, the given variables, and no stray credentials. */
export function clientEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    AWS_CONFIG_FILE: AWS_CONFIG,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...vars,
  };
}

/** What `source D/env` gives a shell: the endpoint, the admin key and the region. */
export function adminEnv(node: RunningStack): NodeJS.ProcessEnv {
  return clientEnv({
    AWS_ENDPOINT_URL: node.env.AWS_ENDPOINT_URL ?? '',
    AWS_ACCESS_KEY_ID: node.env.AWS_ACCESS_KEY_ID ?? '',
    AWS_SECRET_ACCESS_KEY: node.env.AWS_SECRET_ACCESS_KEY ?? '',
    AWS_DEFAULT_REGION: 'us-east-1',
  });
}

/**
 * Starts a fresh `trustbridge up` before the enclosing suite and stops and removes it after;
 * returns a getter, since the stack exists only once the hook has run.
 */
export function useStack(): () => RunningStack {
  let stack: RunningStack | undefined;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    if (stack === undefined) return;
    await stack.stop();
    removeDir(stack.dir);
  });
  return () => {
    if (stack === undefined) throw new Error('the stack starts in a before() hook: call the getter inside tests');
    return stack;
  };
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { env, encoding: 'utf8', timeout: 60_000, ...(input !== undefined ? { input } : {}) });
}

export function trustbridge(args: string[], env: NodeJS.ProcessEnv = clientEnv({})): SpawnSyncReturns<string> {
  return run(process.execPath, [CLI, ...args], env);
}

/**
 * `trustbridge assume` against `assumeAt`, and the environment a shell gets from its credentials
 * for calls to `callAt` (by default the same node).
 */
export function sessionEnv(assumeAt: string, roleArn: string, token: string, callAt = assumeAt): NodeJS.ProcessEnv {
  const assumed = trustbridge(['assume', '--endpoint', assumeAt, '--role-arn', roleArn, '--token', token, '--format', 'credential-process']);
  if (assumed.status !== 0) throw new Error(`assume failed: ${assumed.stderr}`);
  const creds = JSON.parse(assumed.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  return clientEnv({
    AWS_ENDPOINT_URL: callAt,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: creds.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
    AWS_SESSION_TOKEN: creds.SessionToken,
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
