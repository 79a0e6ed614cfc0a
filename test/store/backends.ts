/**
 * The two store backends every store and IAM test runs against. PostgreSQL gets a fresh
 * schema per store (unique across parallel runs) that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

export const POSTGRES_URL = process.env.TRUSTBRIDGE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A URL for a brand-new, empty store. */
  freshUrl(): string;
  /** Removes whatever freshUrl created. */
  cleanup(): Promise<void>;
}

export function sqliteBackend(): TestBackend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    freshUrl() {
      const dir = mkdtempSync(join(tmpdir(), 'tb-store-'));
      dirs.push(dir);
      return `sqlite:${join(dir, 'trustbridge.db')}`;
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresBackend(): TestBackend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    freshUrl() {
      const schema = `tb_test_${process.pid}_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return `${POSTGRES_URL}?schema=${schema}`;
    },
    async cleanup() {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

export function allBackends(): TestBackend[] {
  return [sqliteBackend(), postgresBackend()];
}

/** Opens a fresh store on `backend`; remember to close it. */
export async function freshStore(backend: TestBackend, masterKey = MasterKey.ephemeral()): Promise<{ store: Store; url: string; masterKey: MasterKey }> {
  const url = backend.freshUrl();
  return { store: await openStore(url, masterKey), url, masterKey };
}
