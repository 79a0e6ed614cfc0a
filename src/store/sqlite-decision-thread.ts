/**
 * The body of the SQLite decision writer thread (sqlite-decision-appender.ts starts it): its own
 * connection to the store file, one prepared INSERT, one IMMEDIATE transaction per batch (its
 * rows packed by the appender, packed-rows.ts). The commit's fsync and any wait for the write
 * lock (another worker, a CLI) happen here, so the server's event loop never blocks on the disk
 * for the decision log.
 */
import type { Statement } from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { forEachPackedRow } from './packed-rows.js';
import type { DecisionsTable } from './schema.js';
import { openSqliteConnection } from './sqlite-connection.js';

export interface AppendRequest {
  seq: number;
  /** The columns each packed row gives, in order. */
  columns: ReadonlyArray<keyof DecisionsTable>;
  /** The rows, packed (packed-rows.ts): `length` bytes of `buffer`. */
  buffer: ArrayBuffer;
  length: number;
}

/** The request's buffer comes back with the reply, to be packed into again (packed-rows.ts). */
export type AppendReply = ({ ok: true } | { ok: false; message: string }) & { seq: number; buffer: ArrayBuffer };

const port = parentPort;
if (port !== null) {
  const database = openSqliteConnection((workerData as { path: string }).path);
  // The columns are the appender's constant list, named on the first batch.
  let insert: Statement | undefined;
  const appendAll = database.transaction(({ columns, buffer, length }: AppendRequest) => {
    const statement = (insert ??= database.prepare(`insert into decisions (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`));
    forEachPackedRow(buffer, length, columns.length, (values) => statement.run(values));
  });
  port.on('message', (request: AppendRequest) => {
    let reply: AppendReply;
    try {
      appendAll.immediate(request);
      reply = { seq: request.seq, ok: true, buffer: request.buffer };
    } catch (err) {
      reply = { seq: request.seq, ok: false, message: err instanceof Error ? err.message : String(err), buffer: request.buffer };
    }
    port.postMessage(reply, [request.buffer]);
  });
}
