/** Tags are child rows kept in order, shared by providers, roles and managed policies. */
import type { Kysely } from 'kysely';
import type { Tag } from '../records.js';
import type { Database, TagTableName } from '../schema.js';
import { chunks } from './rows.js';

/** The tags of each owner, in the order they were written; owners without tags get []. */
export async function readTags(db: Kysely<Database>, table: TagTableName, owners: string[]): Promise<Map<string, Tag[]>> {
  const byOwner = new Map<string, Tag[]>(owners.map((o) => [o, []]));
  for (const part of chunks(owners)) {
    const rows = await db.selectFrom(table).selectAll().where('owner', 'in', part).orderBy('position').execute();
    for (const row of rows) byOwner.get(row.owner)?.push({ key: row.tag_key, value: row.tag_value });
  }
  return byOwner;
}

/** Replaces an owner's tags; call it inside a transaction (delete then insert). */
export async function writeTags(db: Kysely<Database>, table: TagTableName, owner: string, tags: Tag[]): Promise<void> {
  await db.deleteFrom(table).where('owner', '=', owner).execute();
  if (tags.length === 0) return;
  await db
    .insertInto(table)
    .values(tags.map((t, position) => ({ owner, position, tag_key: t.key, tag_value: t.value })))
    .execute();
}
