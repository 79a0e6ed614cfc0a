/**
 * The data directory holds the master key, the store (policies, the decision log with claims
 * such as user_email), the issuer's sealed keys and certificates. Files the process creates are
 * 0600 and directories 0700 through the process umask, so nothing depends on the directory's
 * mode; an existing directory that others can enter is still worth a warning (issue 10,
 * finding 8), because files written before this version may be readable.
 */
import { mkdirSync, statSync } from 'node:fs';

/** Owner-only for every file and directory this process creates from now on. */
export function restrictCreatedFiles(): void {
  process.umask(0o077);
}

/** Creates the directory (0700) or returns a warning when an existing one is group- or world-accessible. */
export function checkDataDir(dir: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(dir).mode & 0o777;
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return undefined;
  }
  if ((mode & 0o077) === 0) return undefined;
  return `warning: the data directory ${dir} is accessible to other users (mode ${mode.toString(8).padStart(4, '0')}); files created now are 0600, but run \`chmod 700 ${dir}\` to protect what is already there`;
}

/** For serve and up: say so on stderr when the directory is shared. */
export function warnIfShared(dir: string): void {
  const warning = checkDataDir(dir);
  if (warning !== undefined) process.stderr.write(`${warning}\n`);
}
