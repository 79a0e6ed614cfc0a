/**
 * `openStore(url, masterKey)`: the one way to get a Store. `sqlite:PATH` (or `sqlite::memory:`)
 * for the embedded store, `postgres://…` (optionally `?schema=NAME`) for the shared one.
 * The schema is migrated to the latest version before the store is returned.
 */
import { createKyselyStore } from './kysely-store.js';
import type { MasterKey } from './master-key.js';
import { checkMasterKey } from './master-key-check.js';
import { migrateToLatest } from './migrate.js';
import { lockPostgresMigrations, openPostgresDatabase } from './postgres.js';
import { foreignBatch } from './records/decisions.js';
import { PackedDecisions, SqliteDecisionAppender } from './sqlite-decision-appender.js';
import { openSqliteDatabase } from './sqlite.js';
import type { Store } from './store.js';
import { InvalidInputError } from '../errors.js';

export async function openStore(url: string, masterKey: MasterKey): Promise<Store> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const db = openSqliteDatabase(path);
    try {
      // BEGIN IMMEDIATE already holds SQLite's single write lock: nothing more to take.
      await migrateToLatest(db, async () => {});
      await checkMasterKey(db, masterKey, url);
    } catch (err) {
      await db.destroy();
      throw err;
    }
    const store = createKyselyStore('sqlite', db, masterKey);
    return path === ':memory:' ? store : withDecisionThread(store, new SqliteDecisionAppender(path));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { db, schema } = await openPostgresDatabase(url);
    try {
      await migrateToLatest(db, (tx) => lockPostgresMigrations(tx, schema));
      await checkMasterKey(db, masterKey, redactUrl(url));
    } catch (err) {
      await db.destroy();
      throw err;
    }
    return createKyselyStore('postgres', db, masterKey);
  }
  throw new InvalidInputError(`unsupported store URL (expected sqlite:PATH or postgres://…): ${redactUrl(url)}`);
}

/** Decision batches go to the writer thread (an in-memory database has no file it could open). */
function withDecisionThread(store: Store, appender: SqliteDecisionAppender): Store {
  return {
    ...store,
    newDecisionBatch: () => appender.newBatch(),
    appendDecisionBatch: (batch) => (batch instanceof PackedDecisions ? appender.append(batch) : Promise.reject(foreignBatch())),
    appendDecisions: (records) => {
      const batch = appender.newBatch();
      for (const record of records) batch.add(record);
      return appender.append(batch);
    },
    close: async () => {
      await appender.close();
      await store.close();
    },
  };
}

/** The URL without its credentials, fit for an error message. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}
