/**
 * What the three diagnostics commands (explain, decisions, lint-trust) share on the command
 * line: exit statuses (0 allowed/clean, 1 denied/findings, 2 usage error), reading inputs,
 * opening a stack's store without creating one, and printing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MasterKey } from '../store/master-key.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { TrustbridgeError } from '../errors.js';
import { defaultStoreUrl } from '../workspace/data-dir.js';

export const EXIT_OK = 0;
export const EXIT_NEGATIVE = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: printed, then exit status 2. */
export class UsageError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_USAGE';
  override readonly code = UsageError.code;
  override readonly name = 'UsageError';
}

/**
 * Commander exits 1 on a usage error by default; these commands promise 2 (1 means "denied" or
 * "findings"), so the command's parse errors are mapped here. --help still exits 0.
 */
export function exitTwoOnUsageError(command: Command): Command {
  return command.exitOverride((err) => {
    process.exit(err.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
  });
}

/** Runs an action, turning a UsageError into its message on stderr and exit status 2. */
export function withUsageErrors<A extends unknown[]>(action: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      process.exitCode = await action(...args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      process.stderr.write(`trustbridge: ${err.message}\n`);
      process.exitCode = EXIT_USAGE;
    }
  };
}

/** A file's text, or stdin for "-"; a missing file is a usage error. */
export function readInput(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export function readToken(opts: { token?: string; tokenFile?: string }): string {
  if (opts.token !== undefined && opts.tokenFile !== undefined) throw new UsageError('give the token with --token or --token-file, not both');
  const token = opts.token ?? (opts.tokenFile !== undefined ? readInput(opts.tokenFile, 'token file') : undefined);
  if (token === undefined || token.trim() === '') throw new UsageError('give the ID token with --token or --token-file');
  return token.trim();
}

export function parseTime(text: string, flag: string): Date {
  const time = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time.getTime())) throw new UsageError(`${flag} must be an ISO-8601 time, got ${JSON.stringify(text)}`);
  return time;
}

/**
 * Opens the store of a stack's data directory, as `serve`/`up` do, but never creates one: a
 * typo in --dir must not leave an empty stack behind.
 */
export async function openStackStore(dir: string, storeUrl: string | undefined): Promise<Store> {
  if (!existsSync(join(dir, 'master.key'))) {
    throw new UsageError(`${dir} holds no Trustbridge data (no master.key): start a stack with "trustbridge up --dir ${dir}", or pass the right --dir`);
  }
  const url = storeUrl ?? defaultStoreUrl(dir);
  if (url.startsWith('sqlite:') && !existsSync(url.slice('sqlite:'.length))) {
    throw new UsageError(`no store at ${url.slice('sqlite:'.length)}: has the stack in ${dir} been started?`);
  }
  return openStore(url, MasterKey.loadOrCreate(dir));
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Collects a repeatable option's values. */
export function collect(value: string, all: string[]): string[] {
  return [...all, value];
}
