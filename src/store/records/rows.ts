/** Small helpers the per-record modules share: portable values, unique-key errors, counts. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { UniqueViolation } from '../unique-violation.js';

const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
/** Keeps `where … in (…)` lists well under both engines' parameter limits. */
const IN_LIST_CHUNK = 500;

/** The driver's error code (PostgreSQL SQLSTATE or better-sqlite3's code), if any. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Runs an insert, turning either engine's unique-key error into UniqueViolation(message). */
export async function translateUnique<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (UNIQUE_CODES.has(errorCode(err) ?? '')) throw new UniqueViolation(message);
    throw err;
  }
}

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_LIST_CHUNK) out.push(items.slice(i, i + IN_LIST_CHUNK));
  return out;
}

/** Times are stored as ISO-8601 text: it sorts correctly as text on both engines. */
export function iso(date: Date): string {
  return date.toISOString();
}

/** Whether a delete removed anything (the boolean the store's delete methods return). */
export function deletedAny(result: { numDeletedRows: bigint }): boolean {
  return Number(result.numDeletedRows) > 0;
}

/** Quota checks count an account's records of one kind. */
export async function countInAccount(
  db: Kysely<Database>,
  table: 'oidc_providers' | 'roles' | 'managed_policies',
  accountId: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
