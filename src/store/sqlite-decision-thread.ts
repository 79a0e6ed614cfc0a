/**
 * The body of the SQLite decision writer thread (sqlite-decision-appender.ts starts it): its own
 * connection to the store file, one prepared INSERT, one IMMEDIATE transaction per batch. The
 * commit's fsync and any wait for the write lock (another worker, a CLI) happen here, so the
 * server's event loop never blocks on the disk for the decision log.
 */
import type { Statement } from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { DecisionsTable } from './schema.js';
import { openSqliteConnection } from './sqlite-connection.js';

export interface AppendRequest {
  seq: number;
  rows: DecisionsTable[];
}

export type AppendReply = { seq: number; ok: true } | { seq: number; ok: false; message: string };

const port = parentPort;
if (port !== null) {
  const database = openSqliteConnection((workerData as { path: string }).path);
  // The columns are the row's own (records/decisions.ts's decisionRow), named on the first batch.
  let insert: Statement | undefined;
  const appendAll = database.transaction((rows: DecisionsTable[]) => {
    const columns = Object.keys(rows[0] ?? {});
    insert ??= database.prepare(`insert into decisions (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
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
