/**
 * The single-use record behind console sign-in links (src/console/sign-in-link.ts): the first
 * insert of a nonce wins, on SQLite and PostgreSQL alike, so two nodes racing on one link cannot
 * both accept it. Rows of expired links are pruned on the way.
 */
import { UniqueViolation } from '../unique-violation.js';
import type { RecordContext } from './context.js';
import { iso, translateUnique } from './rows.js';

export interface ConsoleLinkStore {
  /** Marks a one-time link's nonce used; false when it already was (by any node). */
  useConsoleLinkOnce(nonce: string, expiresAt: Date, now: Date): Promise<boolean>;
}

export function consoleLinkRecords({ db }: RecordContext): ConsoleLinkStore {
  return {
    async useConsoleLinkOnce(nonce, expiresAt, now) {
      await db.deleteFrom('console_link_uses').where('expires_at', '<', iso(now)).execute();
      try {
        await translateUnique('link already used', () => db.insertInto('console_link_uses').values({ nonce, expires_at: iso(expiresAt) }).execute());
        return true;
      } catch (err) {
        if (err instanceof UniqueViolation) return false;
        throw err;
      }
    },
  };
}
