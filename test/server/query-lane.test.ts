/**
 * The Query lane (src/server/query-lane.ts): `POST /` with a form body of a stated length is
 * answered on node:http without Fastify's per-request path. It must answer exactly as the routed
 * path does, log as Fastify logged, and hand everything it does not take to Fastify.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { ActionHandler, QueryService } from '../../src/aws/service.js';
import { takesQueryLane } from '../../src/server/query-lane.js';
import { iam, startServer, sts, WEB_IDENTITY_TOKEN, type RunningServer } from './fixture.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const ASSUME = new URLSearchParams({
  Action: 'AssumeRoleWithWebIdentity',
  Version: '2011-06-15',
  RoleArn: 'arn:aws:iam::123456789012:role/ci',
  RoleSessionName: 'job-1',
  WebIdentityToken: WEB_IDENTITY_TOKEN,
}).toString();

const badHeader: ActionHandler = async (_params, ctx) => {
  ctx.responseHeaders['x-trustbridge-note'] = 'two\nlines';
  return undefined;
};
const withBadHeader: QueryService = {
  ...sts,
  actions: new Map([...sts.actions, ['GetAccessKeyInfo', badHeader]]),
  unsignedActions: new Set([...sts.unsignedActions, 'GetAccessKeyInfo']),
};

let server: RunningServer;
before(async () => {
  // A fixed clock: the two paths' answers carry an Expiration an hour from now, to the second.
  server = await startServer({ services: [withBadHeader, iam], now: () => new Date('2026-03-01T12:00:00Z') });
});
after(() => server.close());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function post(path: string, body: string, headers: Record<string, string> = FORM): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body, redirect: 'manual' });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

function withoutRequestId(answer: Answer): Answer {
  const requestId = answer.headers['x-amzn-requestid'] ?? '';
  const { date: _date, 'x-amzn-requestid': _id, ...headers } = answer.headers;
  return { ...answer, headers, body: answer.body.replaceAll(requestId, 'REQUEST-ID') };
}

test('takesQueryLane: POST / with a form body of a stated length within the limit, nothing else', () => {
  const request = (method: string, url: string, headers: Record<string, string>) =>
    ({ method, url, headers }) as unknown as IncomingMessage;
  const form = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10' };
  assert.equal(takesQueryLane(request('POST', '/', form), 100), true);
  assert.equal(
    takesQueryLane(request('POST', '/', { ...form, 'content-type': 'Application/X-WWW-Form-Urlencoded ; charset=utf-8' }), 100),
    true,
  );
  assert.equal(takesQueryLane(request('GET', '/', form), 100), false, 'GET and presigned URLs');
  assert.equal(takesQueryLane(request('POST', '/sts/', form), 100), false, 'a prefixed path');
  assert.equal(takesQueryLane(request('POST', '/?Action=GetCallerIdentity', form), 100), false, 'a query string');
  assert.equal(takesQueryLane(request('POST', '/', { ...form, 'content-length': '101' }), 100), false, 'over the body limit');
  assert.equal(takesQueryLane(request('POST', '/', { ...form, 'content-length': '1e1' }), 100), false, 'not a length');
  assert.equal(takesQueryLane(request('POST', '/', { 'content-type': form['content-type'] }), 100), false, 'no stated length');
  assert.equal(takesQueryLane(request('POST', '/', { ...form, 'transfer-encoding': 'chunked' }), 100), false, 'chunked');
  assert.equal(takesQueryLane(request('POST', '/', { ...form, 'content-type': 'application/x-www-form-urlencodedx' }), 100), false);
  assert.equal(takesQueryLane(request('POST', '/', { ...form, 'content-type': 'text/plain' }), 100), false);
  assert.equal(takesQueryLane(request('POST', '/', { 'content-length': '10' }), 100), false, 'no content type');
});

test('POST / (the lane) answers as the routed path does: status, headers, body', async () => {
  for (const body of [
    ASSUME,
    'Action=AssumeRoleWithWebIdentity',
    'Action=NoSuchAction&Version=2011-06-15',
    'Version=2011-06-15',
    'Action=GetCallerIdentity&Version=2011-06-15',
  ]) {
    const lane = withoutRequestId(await post('/', body));
    const routed = withoutRequestId(await post('/prefixed/', body));
    assert.deepEqual(lane, routed, body);
  }
  const answered = await post('/', ASSUME);
  assert.equal(answered.status, 200);
  assert.equal(answered.headers['content-type'], 'text/xml');
  assert.equal(answered.headers['content-length'], String(Buffer.byteLength(answered.body)));
  assert.match(answered.body, /<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
});

test('the lane logs each call as Fastify did, under its request id, with no token', async () => {
  const before = server.logs.length;
  const answered = await post('/', ASSUME);
  const requestId = answered.headers['x-amzn-requestid'];
  const lines = server.logs
    .slice(before)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['reqId'] === requestId);
  assert.deepEqual(
    lines.map((line) => line['msg']),
    ['incoming request', 'request completed'],
  );
  assert.deepEqual(lines[0]?.['req'], { method: 'POST', url: '/', remoteAddress: '127.0.0.1' });
  assert.deepEqual(lines[1]?.['res'], { statusCode: 200 });
  assert.equal(typeof lines[1]?.['responseTime'], 'number');
  assert.ok(!server.logs.slice(before).join('').includes(WEB_IDENTITY_TOKEN.split('.')[2]!));
});

test('an answer header HTTP cannot carry is dropped and logged; the call is still answered', async () => {
  const before = server.logs.length;
  const answered = await post('/', 'Action=GetAccessKeyInfo&Version=2011-06-15');
  assert.equal(answered.status, 200);
  assert.equal(answered.headers['x-trustbridge-note'], undefined);
  assert.ok(server.logs.slice(before).some((line) => line.includes('dropped an invalid response header')));
});

test("what the lane does not take is Fastify's: a chunked body is answered, a text body gets what it always got", async () => {
  const chunked = await fetch(server.url, {
    method: 'POST',
    headers: FORM,
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(ASSUME));
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  assert.equal(chunked.status, 200);
  assert.match(await chunked.text(), /<AssumeRoleWithWebIdentityResult>/);
  const text = await post('/', ASSUME, { 'content-type': 'text/plain' });
  assert.deepEqual(withoutRequestId(text), withoutRequestId(await post('/prefixed/', ASSUME, { 'content-type': 'text/plain' })));
});

test('a client that leaves mid-body gets no answer, and the server goes on answering', async () => {
  const url = new URL(server.url);
  const received = await new Promise<string>((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${ASSUME.length}\r\n\r\n${ASSUME.slice(0, 20)}`,
      );
      setTimeout(() => socket.destroy(), 50);
    });
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', () => undefined);
  });
  assert.equal(received, '');
  assert.equal((await post('/', ASSUME)).status, 200);
});
