/**
 * One-time console sign-in links: the nonce of every link that has been used, so a link works
 * once across every node sharing the store. Rows are pruned once their link has expired.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_link_uses')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
