/**
 * Starting and stopping the processes the HTTP benchmark measures, and reading from /proc their
 * peak RSS (VmHWM, the kernel's high-water mark) and the CPU time all their threads used — for a
 * cluster, of each of its processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Started {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Spawns and waits until `ready()` holds (polled), or fails after `timeoutMs`. */
export async function start(command: string, args: string[], ready: (output: string) => boolean | Promise<boolean>, env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<Started> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!(await ready(output))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${command} ${args.join(' ')} did not start:\n${output}`);
    }
    await sleep(20);
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The pid and all its descendants (a cluster primary and its workers). */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // Gone, or not Linux.
  }
  return [pid, ...children.flatMap(processTree)];
}

/** Peak resident set of each process of the tree, in MB (the largest is what the table shows). */
export function peakRssMb(pids: number[]): number {
  let peak = 0;
  for (const pid of pids) {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]) / 1024);
    } catch {
      // Gone.
    }
  }
  return peak;
}

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time used so far by every thread of these processes (user and system), in µs; undefined
 * where /proc is not readable (not Linux). Threads count too: the decision writer, V8's GC
 * helpers and libuv's pool work for the same calls as the main thread.
 */
export function cpuMicros(pids: number[]): number | undefined {
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      if (pid === pids[0]) return undefined;
      continue;
    }
    // Fields after the parenthesised name: utime and stime are the 12th and 13th; cutime and cstime
    // (14th, 15th) add the children this process reaped, which a cluster's workers are not until they exit.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1_000_000) / TICKS_PER_SECOND;
}
