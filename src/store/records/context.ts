/**
 * What every per-record module works with: the database (or the open transaction), the master
 * key for sealed columns, and `atomic` for writes that touch several tables. kysely-store.ts
 * builds one context per session and gives it to each module.
 */
import type { Kysely } from 'kysely';
import type { MasterKey } from '../master-key.js';
import type { Database } from '../schema.js';

export interface RecordContext {
  /** The database, or the transaction when this context belongs to one. */
  readonly db: Kysely<Database>;
  readonly masterKey: MasterKey;
  /**
   * Runs `work` in the current transaction, or in a new one when there is none, so a multi-table
   * write called outside `Store.transaction` still cannot be left half-done.
   */
  atomic<T>(work: (tx: RecordContext) => Promise<T>): Promise<T>;
}
