/**
 * `openStore(url, masterKey)`: the one way to get a Store. `sqlite:PATH` (or `sqlite::memory:`)
 * for the embedded store, `postgres://…` (optionally `?schema=NAME`) for the shared one.
 * The schema is migrated to the latest version before the store is returned.
 */
import { createKyselyStore } from './kysely-store.js';
import type { MasterKey } from './master-key.js';
import { migrateToLatest } from './migrate.js';
import { lockPostgresMigrations, openPostgresDatabase } from './postgres.js';
import { openSqliteDatabase } from './sqlite.js';
import type { Store } from './store.js';
import { InvalidInputError } from '../errors.js';

export async function openStore(url: string, masterKey: MasterKey): Promise<Store> {
  if (url.startsWith('sqlite:')) {
    const db = openSqliteDatabase(url.slice('sqlite:'.length));
    try {
      // BEGIN IMMEDIATE already holds SQLite's single write lock: nothing more to take.
      await migrateToLatest(db, async () => {});
    } catch (err) {
      await db.destroy();
      throw err;
    }
    return createKyselyStore('sqlite', db, masterKey);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { db, schema } = await openPostgresDatabase(url);
    try {
      await migrateToLatest(db, (tx) => lockPostgresMigrations(tx, schema));
    } catch (err) {
      await db.destroy();
      throw err;
    }
    return createKyselyStore('postgres', db, masterKey);
  }
  throw new InvalidInputError(`unsupported store URL (expected sqlite:PATH or postgres://…): ${url.replace(/\/\/[^@/]*@/, '//…@')}`);
}
