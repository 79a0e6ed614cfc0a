/**
 * Rows of text values packed into one buffer outside the V8 heap, to be handed to another thread
 * without a copy (the SQLite decision writer thread).
 *
 * Why not an array of row objects: a decision waits up to one group-commit window (50 ms) before
 * it is written, long enough for V8's scavenger to promote it and its details to the old
 * generation, where each worker's heap then grew by megabytes a second until a full collection
 * (peak RSS 250 MB under load, docs/benchmarks.md). Packed at once, a record dies young; the
 * bytes wait off the heap and move to the writer thread by transfer, not by structured clone.
 *
 * Layout: per value, a little-endian int32 byte length (-1 for null) and that many bytes of UTF-8.
 *
 * A buffer the writer thread is done with comes back to be packed into again (`recycled`): a
 * fresh one per window was a new mapping of a few hundred KB, faulted in page by page as rows
 * were packed, copied at every doubling and unmapped on the other thread (docs/benchmarks.md,
 * seventh round).
 */

const NULL_LENGTH = -1;
const FIRST_CAPACITY = 64 * 1024;

export class PackedRows {
  private bytes: Buffer;
  private used = 0;
  private rows = 0;

  /** `recycled`: a sealed buffer whose rows have been read, packed into from the start. */
  constructor(recycled?: ArrayBuffer) {
    this.bytes = recycled !== undefined && recycled.byteLength > 0 ? Buffer.from(recycled) : Buffer.allocUnsafeSlow(FIRST_CAPACITY);
  }

  /** Rows packed so far. */
  get size(): number {
    return this.rows;
  }

  add(values: ReadonlyArray<string | null>): void {
    for (const value of values) {
      if (value === null) {
        this.reserve(4);
        this.used = this.bytes.writeInt32LE(NULL_LENGTH, this.used);
        continue;
      }
      // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
      this.reserve(4 + 3 * value.length);
      const length = this.bytes.write(value, this.used + 4, 'utf8');
      this.bytes.writeInt32LE(length, this.used);
      this.used += 4 + length;
    }
    this.rows++;
  }

  /** The packed bytes, as a buffer of their own to transfer; this PackedRows is not to be used after. */
  seal(): { buffer: ArrayBuffer; length: number } {
    return { buffer: this.bytes.buffer as ArrayBuffer, length: this.used };
  }

  private reserve(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, this.used + more));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}

/** Calls `row` with each row's values, `width` values a row, as PackedRows.add was given them. */
export function forEachPackedRow(buffer: ArrayBuffer, length: number, width: number, row: (values: Array<string | null>) => void): void {
  const bytes = Buffer.from(buffer, 0, length);
  let at = 0;
  while (at < length) {
    const values: Array<string | null> = [];
    for (let i = 0; i < width; i++) {
      const size = bytes.readInt32LE(at);
      at += 4;
      if (size === NULL_LENGTH) {
        values.push(null);
      } else {
        values.push(bytes.toString('utf8', at, at + size));
        at += size;
      }
    }
    row(values);
  }
}
