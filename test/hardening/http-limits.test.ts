/**
 * Findings 5 and 10 (issue 10): a body trickled a byte at a time is ended by the request timeout
 * (it used to hold a socket for 7 minutes and more), and HTTP-level refusals carry an AWS error
 * body, because SDKs parse ErrorResponse/Error/Code/Message for every 4xx. The codes are AWS's
 * common errors (https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html):
 * RequestEntityTooLargeException (413) and MalformedHttpRequestException (400).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startServer, type RunningServer } from '../server/fixture.js';

let server: RunningServer;
before(async () => { server = await startServer({ requestTimeoutMs: 1_000 }); });
after(async () => { await server.close(); });

test('413 past the body limit comes with AWS\'s error body', async () => {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `Action=GetCallerIdentity&Version=2011-06-15&x=${'v'.repeat(2 * 1024 * 1024)}`,
  });
  assert.equal(response.status, 413);
  const body = await response.text();
  assert.match(body, /^<ErrorResponse xmlns="[^"]+">/);
  assert.match(body, /<Code>RequestEntityTooLargeException<\/Code>/);
  assert.match(body, /<Message>[^<]+<\/Message>/);
  assert.match(body, /<RequestId>[^<]+<\/RequestId>/);
});

test('415 for an unparseable Content-Type comes with an AWS error body', async () => {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'notatype' }, body: 'Action=GetCallerIdentity' });
  assert.equal(response.status, 415);
  assert.match(await response.text(), /<ErrorResponse xmlns="[^"]+">\n  <Error>\n    <Type>Sender<\/Type>\n    <Code>MalformedHttpRequestException<\/Code>/);
});

test('a malformed Content-Length gets a 400 with an AWS error body', async () => {
  const reply = await rawExchange(server.url, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello');
  assert.match(reply, /^HTTP\/1\.1 400/);
});

test('a body trickled a byte at a time is cut off by the request timeout', async () => {
  const started = Date.now();
  const url = new URL(server.url);
  const socket = connect(Number(url.port), url.hostname);
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n');
  const trickle = setInterval(() => socket.write('A'), 100);
  const closed = await new Promise<string>((resolve) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => { received += chunk.toString('utf8'); });
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
    setTimeout(() => resolve('still open'), 8_000);
  });
  clearInterval(trickle);
  socket.destroy();
  assert.notEqual(closed, 'still open');
  assert.ok(Date.now() - started < 8_000);
});

function rawExchange(base: string, request: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    let received = '';
    socket.on('data', (chunk: Buffer) => { received += chunk.toString('utf8'); });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}
