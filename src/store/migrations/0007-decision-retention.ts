/**
 * Decision-log retention prunes by age and by row count, both ordered by time alone; the
 * existing indexes lead with the account or the role, so pruning needs an index on time.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('decisions_time').on('decisions').columns(['time', 'id']).execute();
}
