/**
 * Rows packed off the V8 heap for the SQLite decision writer thread (src/store/packed-rows.ts):
 * what goes in comes out, value for value, through a transfer to another thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { forEachPackedRow, PackedRows } from '../../src/store/packed-rows.js';

test('values come back as they went in: nulls, empty text, every plane of Unicode, a batch past the first buffer', () => {
  const rows: Array<Array<string | null>> = [
    ['a', null, '', 'ünïcödé ✓', '𝄞 and 😀', 'x'.repeat(70_000)],
    [null, null, null, null, null, null],
    ['{"claims":{"sub":"project_path:mygroup/myproject:ref_type:branch:ref:main"}}', 'é', '\u0000', '\t\r\n', '', '最后'],
  ];
  for (let i = 0; i < 500; i++) rows.push([String(i), `row ${i}`, null, 'ß'.repeat(i), '', 'end']);
  const packed = new PackedRows();
  for (const row of rows) packed.add(row);
  assert.equal(packed.size, rows.length);

  // Transferred as the appender transfers it: the sender's buffer is detached, not copied.
  const { buffer, length } = packed.seal();
  const { port1, port2 } = new MessageChannel();
  port1.postMessage({ buffer, length }, [buffer]);
  assert.equal(buffer.byteLength, 0, 'the sender no longer holds the bytes');
  const received = receiveMessageOnPort(port2)?.message as { buffer: ArrayBuffer; length: number };
  port1.close();

  const unpacked: Array<Array<string | null>> = [];
  forEachPackedRow(received.buffer, received.length, 6, (values) => unpacked.push(values));
  assert.deepEqual(unpacked, rows);
});

test('a lone surrogate is stored as U+FFFD, as binding the string to SQLite as UTF-8 stores it', () => {
  const packed = new PackedRows();
  packed.add(['\ud800x']);
  const { buffer, length } = packed.seal();
  const unpacked: Array<Array<string | null>> = [];
  forEachPackedRow(buffer, length, 1, (values) => unpacked.push(values));
  assert.deepEqual(unpacked, [['\ufffdx']]);
});

test('a recycled buffer is packed into from its start: only the new rows come out', () => {
  const first = new PackedRows();
  first.add(['old row, longer than the new one', 'old']);
  const { buffer } = first.seal();
  const reused = new PackedRows(buffer);
  reused.add(['new', null]);
  const sealed = reused.seal();
  assert.equal(sealed.buffer, buffer, 'packed into the same memory, not a fresh allocation');
  const unpacked: Array<Array<string | null>> = [];
  forEachPackedRow(sealed.buffer, sealed.length, 2, (values) => unpacked.push(values));
  assert.deepEqual(unpacked, [['new', null]]);
});
