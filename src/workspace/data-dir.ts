/**
 * Where a stack keeps its things: one data directory (default `.trustbridge`) holding the master
 * key, the SQLite store, the issuer's keys and local CA, and the env file (env-file.ts). Every
 * command that takes --dir, and every module that finds a stack's files, starts here.
 */
import { join } from 'node:path';

export const DEFAULT_DATA_DIR = '.trustbridge';

/** The store a stack uses unless --store names another: SQLite in the data directory. */
export function defaultStoreUrl(dir: string): string {
  return `sqlite:${join(dir, 'trustbridge.db')}`;
}
