/**
 * The embedded SQLite store (better-sqlite3 through Kysely).
 *
 * Pragmas, and why:
 * - journal_mode=WAL: readers never block the writer, and a commit is one append to the WAL.
 * - synchronous=FULL: in WAL mode NORMAL may lose the last transactions on power loss (the WAL
 *   is not fsynced at each commit). IAM writes are rare and small, and a client that got a 200
 *   for CreateRole must find the role after any crash, so we pay one fsync per commit.
 * - foreign_keys=ON: SQLite leaves them off by default; our schema relies on them.
 * - busy_timeout=5000: another process on the same file (the CLI next to a running server)
 *   waits for the lock instead of failing at once with SQLITE_BUSY.
 * Transactions start with BEGIN IMMEDIATE so the write lock is taken up front; a deferred
 * BEGIN that later upgrades to a write can fail with SQLITE_BUSY without waiting.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { Database as Schema } from './schema.js';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: Database.Database) {
    super({ database });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

export function openSqliteDatabase(path: string): Kysely<Schema> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Schema>({ dialect: new ImmediateSqliteDialect(database) });
}
