/**
 * Brings a database to the latest schema on open. All pending migrations run in ONE
 * transaction together with the bookkeeping rows, so a crash mid-way leaves the previous
 * schema intact and the next open simply retries. Concurrent openers (several `serve` nodes
 * on one PostgreSQL) are serialised by the dialect's `lock`, taken inside that transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrations } from './migrations/index.js';

const TABLE = 'schema_migrations';

export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  lock: (tx: Transaction<DB>) => Promise<void>,
): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    await lock(tx);
    await tx.schema
      .createTable(TABLE)
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const rows = await sql<{ name: string }>`select name from ${sql.table(TABLE)}`.execute(tx);
    const applied = new Set(rows.rows.map((r) => r.name));
    const ran: string[] = [];
    for (const name of Object.keys(migrations).sort()) {
      if (applied.has(name)) continue;
      await migrations[name]!.up(tx);
      await sql`insert into ${sql.table(TABLE)} (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(tx);
      ran.push(name);
    }
    return ran;
  });
}
