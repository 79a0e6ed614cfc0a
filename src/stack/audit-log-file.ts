/**
 * `--audit-log FILE` (or `-` for stdout): the AuditSink that appends one JSON line per record.
 * Writes go to a buffered stream and never wait; if the disk falls far behind, records beyond
 * the buffer cap are dropped and counted rather than growing memory or slowing callers.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { AuditSink, CloudTrailRecord } from '../server/index.js';

const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class AuditLogFile implements AuditSink {
  private readonly stream: Writable;
  private readonly ownsStream: boolean;
  dropped = 0;

  constructor(
    target: string,
    private readonly warn: (message: string) => void,
  ) {
    this.ownsStream = target !== '-';
    this.stream = this.ownsStream ? createWriteStream(target, { flags: 'a', mode: 0o600 }) : process.stdout;
    this.stream.on('error', (err) => this.warn(`audit log ${target}: ${err.message}`));
  }

  record(event: CloudTrailRecord): void {
    if (this.stream.writableLength > MAX_BUFFERED_BYTES) {
      if (this.dropped++ === 0) this.warn('audit log is not keeping up: records are being dropped');
      return;
    }
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  /** Flushes what is buffered; closes the file (never stdout). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ownsStream) this.stream.end(resolve);
      else if (this.stream.writableLength === 0) resolve();
      else this.stream.once('drain', resolve);
    });
  }
}
