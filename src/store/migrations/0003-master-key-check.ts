/**
 * The master-key check: one row holding a MAC of a fixed label under the store's master key, so
 * a node started with another key is stopped at open with a clear message instead of failing
 * later, deep in a decryption (issue 10, finding 9). Written on the first open after this
 * migration (stores made before it included), compared on every open.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('master_key_check')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
