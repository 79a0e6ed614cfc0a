/**
 * Small file primitives the issuer's state needs because several processes share the data
 * directory (`trustbridge issuer` serving, `trustbridge token` minting, `issuer rotate`):
 * whole-file replacement that readers never see half-written, and a cross-process lock.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { LockTimeoutError } from './errors.js';

/** Writes to a sibling temp file, then renames over the target (atomic on one filesystem). */
export function writeFileAtomic(path: string, content: string, mode = 0o600): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, content, { mode });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a crashed process: a holder only keeps it for one file write. */
const STALE_LOCK_MS = 30_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` while holding `<path>.lock` (created exclusively), waiting for other holders. */
export function withFileLock<T>(path: string, fn: () => T): T {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx', 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (isStale(lockPath)) rmSync(lockPath, { force: true });
      else if (Date.now() > deadline) throw new LockTimeoutError(`timed out waiting for ${lockPath}`);
      else sleepSync(10);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function isStale(lockPath: string): boolean {
  try {
    return Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}
