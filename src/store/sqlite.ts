/**
 * The embedded SQLite store (better-sqlite3 through Kysely), over a connection set up by
 * sqlite-connection.ts (which says why each pragma). Transactions start with BEGIN IMMEDIATE so the write lock is taken up front; a deferred
 * BEGIN that later upgrades to a write can fail with SQLITE_BUSY without waiting.
 */
import type Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { Database as Schema } from './schema.js';
import { openSqliteConnection } from './sqlite-connection.js';

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
  return new Kysely<Schema>({ dialect: new ImmediateSqliteDialect(openSqliteConnection(path)) });
}
