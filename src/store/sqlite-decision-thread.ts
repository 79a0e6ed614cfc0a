/**
 * The body of the SQLite decision writer thread (sqlite-decision-appender.ts starts it): its own
 * connection to the store file, one prepared INSERT, one IMMEDIATE transaction per batch. The
 * commit's fsync and any wait for the write lock (another worker, a CLI) happen here, so the
 * server's event loop never blocks on the disk for the decision log.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { DecisionsTable } from './schema.js';

export interface AppendRequest {
  seq: number;
  rows: DecisionsTable[];
}

export type AppendReply = { seq: number; ok: true } | { seq: number; ok: false; message: string };

const COLUMNS = ['id', 'time', 'account_id', 'action', 'role_arn', 'provider_arn', 'issuer', 'subject', 'session_name', 'decision', 'error_code', 'reason', 'matched_statement', 'details'] as const;

const port = parentPort;
if (port !== null) {
  const database = new Database((workerData as { path: string }).path);
  // The same pragmas as the server's own connection (sqlite.ts says why).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  const insert = database.prepare(`insert into decisions (${COLUMNS.join(', ')}) values (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
  const appendAll = database.transaction((rows: DecisionsTable[]) => {
    for (const row of rows) insert.run(row);
  });
  port.on('message', ({ seq, rows }: AppendRequest) => {
    let reply: AppendReply;
    try {
      appendAll.immediate(rows);
      reply = { seq, ok: true };
    } catch (err) {
      reply = { seq, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}
