/**
 * The single-use record behind console sign-in links (src/console/sign-in-link.ts): the first
 * insert of a nonce wins, on SQLite and PostgreSQL alike, so two nodes racing on one link
 * cannot both accept it.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

export async function useConsoleLinkOnce(db: Kysely<Database>, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.deleteFrom('console_link_uses').where('expires_at', '<', now.toISOString()).execute();
  try {
    await db.insertInto('console_link_uses').values({ nonce, expires_at: expiresAt.toISOString() }).execute();
    return true;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && UNIQUE_CODES.has(code)) return false;
    throw err;
  }
}
