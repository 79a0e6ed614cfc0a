/**
 * The PostgreSQL store (pg through Kysely), for several `serve` nodes sharing one database.
 *
 * `postgres://…?schema=NAME` keeps Trustbridge's tables in their own schema (created if
 * missing) by setting each connection's search_path; tests use a fresh schema per run.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type { Database as Schema } from './schema.js';
import { InvalidInputError } from '../errors.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresTarget {
  connectionString: string;
  schema: string;
}

/** Splits our `schema` parameter off the URL (pg would not understand it). */
export function parsePostgresUrl(url: string): PostgresTarget {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new InvalidInputError(`invalid PostgreSQL schema name: ${schema}`);
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

export async function openPostgresDatabase(url: string): Promise<{ db: Kysely<Schema>; schema: string }> {
  const { connectionString, schema } = parsePostgresUrl(url);
  // Create the schema over a plain connection first: the pool's search_path names it.
  const setup = new pg.Client({ connectionString });
  await setup.connect();
  try {
    await setup.query(`create schema if not exists "${schema}"`);
  } catch (err) {
    // Two nodes creating the same schema at once: the loser sees a duplicate; that is fine.
    if ((err as { code?: string }).code !== '23505' && (err as { code?: string }).code !== '42P06') throw err;
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({ connectionString, options: `-c search_path="${schema}"`, max: 10 });
  return { db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), schema };
}

/** Serialises concurrent migrations across nodes: a transaction-scoped advisory lock. */
export async function lockPostgresMigrations<DB>(tx: Transaction<DB>, schema: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'trustbridge-migrations:' + schema}))`.execute(tx);
}
