/**
 * The Store on top of Kysely: one implementation for SQLite and PostgreSQL, since every query
 * is portable (dialect specifics live in sqlite.ts and postgres.ts). A session is the per-record
 * modules in records/ over one context — the database, or an open transaction; multi-step writes
 * called outside a transaction open one themselves, so no caller can leave a record half-written.
 *
 * On SQLite there is a single connection: inside `transaction(work)`, `work` must use the
 * session it is given, never the store itself (that would wait for the connection it holds).
 */
import type { Kysely } from 'kysely';
import type { MasterKey } from './master-key.js';
import { accessKeyRecords } from './records/access-keys.js';
import { attachmentRecords } from './records/attachments.js';
import { consoleLinkRecords } from './records/console-links.js';
import type { RecordContext } from './records/context.js';
import { decisionRecords } from './records/decisions.js';
import { instanceProfileRecords } from './records/instance-profiles.js';
import { managedPolicyRecords } from './records/managed-policies.js';
import { oidcProviderRecords } from './records/oidc-providers.js';
import { policyVersionRecords } from './records/policy-versions.js';
import { rolePermissionRecords } from './records/role-permissions.js';
import { rolePolicyRecords } from './records/role-policies.js';
import { roleRecords } from './records/roles.js';
import { errorCode } from './records/rows.js';
import type { Database } from './schema.js';
import type { Store, StoreDialect, StoreSession } from './store.js';

const RETRYABLE_CODES = new Set(['40001', '40P01']);
const MAX_TRANSACTION_ATTEMPTS = 8;

/** Every record module over one context: the StoreSession. A new record module is added here. */
function sessionOver(ctx: RecordContext): StoreSession {
  return {
    ...oidcProviderRecords(ctx),
    ...roleRecords(ctx),
    ...rolePolicyRecords(ctx),
    ...managedPolicyRecords(ctx),
    ...policyVersionRecords(ctx),
    ...attachmentRecords(ctx),
    ...rolePermissionRecords(ctx),
    ...instanceProfileRecords(ctx),
    ...accessKeyRecords(ctx),
    ...decisionRecords(ctx),
    ...consoleLinkRecords(ctx),
  };
}

export function createKyselyStore(dialect: StoreDialect, database: Kysely<Database>, masterKey: MasterKey): Store {
  async function inTransaction<T>(work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') return database.transaction().execute(work);
    // SERIALIZABLE makes "check a quota, then insert" safe across nodes; PostgreSQL may then
    // abort one of two racing transactions, which we simply run again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await database.transaction().setIsolationLevel('serializable').execute(work);
      } catch (err) {
        if (!RETRYABLE_CODES.has(errorCode(err) ?? '') || attempt >= MAX_TRANSACTION_ATTEMPTS) throw err;
      }
    }
  }

  function contextOver(db: Kysely<Database>): RecordContext {
    const ctx: RecordContext = {
      db,
      masterKey,
      atomic: (work) => (db.isTransaction ? work(ctx) : inTransaction((tx) => work(contextOver(tx)))),
    };
    return ctx;
  }

  return {
    ...sessionOver(contextOver(database)),
    dialect,
    transaction: (work) => inTransaction((tx) => work(sessionOver(contextOver(tx)))),
    close: () => database.destroy(),
  };
}
