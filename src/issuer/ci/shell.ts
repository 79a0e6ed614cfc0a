/**
 * Running script lines the way GitLab Runner's shell executor runs them with bash: one shell
 * for before_script + script with `set -eo pipefail` (the first failing line ends the job),
 * each line echoed as `$ line` first; after_script in a fresh shell whose outcome does not
 * change the job's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { maskingStream } from './mask.js';

export interface ShellRun {
  lines: string[];
  env: Record<string, string>;
  cwd: string;
  /** Values replaced by [MASKED] in everything the script prints. */
  secrets: string[];
  stdout: Writable;
  stderr: Writable;
  /** Colour the echoed command lines green, as GitLab's log does. */
  color: boolean;
}

/** Bash ANSI-C quoting: safe for any text, including newlines and quotes. */
function ansiC(text: string): string {
  return `$'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** The runner shows a multi-line command by its first line plus this note. */
function displayed(line: string): string {
  const trimmed = line.replace(/\n+$/, '');
  const newline = trimmed.indexOf('\n');
  return newline === -1 ? trimmed : `${trimmed.slice(0, newline)} # collapsed multi-line command`;
}

export function shellScript(lines: string[], color: boolean): string {
  const [start, end] = color ? ['\x1b[32;1m', '\x1b[0;m'] : ['', ''];
  const body = lines.map((line) => `printf '%s\\n' ${ansiC(`${start}$ ${displayed(line)}${end}`)}\n${line}\n`);
  return ['set -eo pipefail', 'set +o noclobber', ...body, ''].join('\n');
}

/** Resolves to the exit code (a signal counts as failure, 1). */
export async function runShell(run: ShellRun): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'trustbridge-job-'));
  const scriptPath = join(dir, 'script.sh');
  writeFileSync(scriptPath, shellScript(run.lines, run.color), { mode: 0o700 });
  try {
    const child = spawn('bash', ['--noprofile', '--norc', scriptPath], { cwd: run.cwd, env: run.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const done = Promise.all([
      pipeMasked(child.stdout, run.stdout, run.secrets),
      pipeMasked(child.stderr, run.stderr, run.secrets),
    ]);
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (status) => resolve(status ?? 1));
    });
    await done;
    return code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pipeMasked(from: NodeJS.ReadableStream, to: Writable, secrets: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const masking = maskingStream(secrets);
    from.pipe(masking);
    masking.on('data', (chunk: Buffer | string) => to.write(chunk));
    masking.once('end', resolve);
    masking.once('error', reject);
  });
}
