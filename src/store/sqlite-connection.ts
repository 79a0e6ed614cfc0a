/**
 * One connection to an SQLite store file, set up the way every Trustbridge connection is: the
 * store's own (sqlite.ts) and the decision writer thread's (sqlite-decision-thread.ts).
 *
 * Pragmas, and why:
 * - journal_mode=WAL: readers never block the writer, and a commit is one append to the WAL.
 * - synchronous=FULL: in WAL mode NORMAL may lose the last transactions on power loss (the WAL
 *   is not fsynced at each commit). IAM writes are rare and small, and a client that got a 200
 *   for CreateRole must find the role after any crash, so we pay one fsync per commit.
 * - foreign_keys=ON: SQLite leaves them off by default; our schema relies on them.
 * - busy_timeout=5000: another process on the same file (the CLI next to a running server)
 *   waits for the lock instead of failing at once with SQLITE_BUSY.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export function openSqliteConnection(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return database;
}
