/**
 * A consistent copy of a SQLite store while servers keep writing to it: SQLite's online backup
 * API (better-sqlite3's `db.backup()`) on a connection of its own. The copy is one snapshot of
 * the database, WAL included, taken page by page without stopping the writers.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { InvalidInputError } from '../errors.js';

/** Copies the SQLite database at `source` to `target` (which must not exist yet); returns the pages copied. */
export async function backupSqlite(source: string, target: string): Promise<number> {
  if (!existsSync(source)) throw new InvalidInputError(`no store at ${source}: pass the --dir (or --store) the server uses`);
  if (existsSync(target)) throw new InvalidInputError(`${target} already exists: choose a new file name, or remove it first`);
  const db = new Database(source, { fileMustExist: true });
  try {
    // The server's writers hold the lock only briefly; wait for it rather than failing.
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(target);
    return totalPages;
  } finally {
    db.close();
  }
}
