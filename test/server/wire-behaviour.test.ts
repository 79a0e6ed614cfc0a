import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { AwsError } from '../../src/aws/error.js';
import { ADMIN, SESSION, WEB_IDENTITY_TOKEN, startServer, type RunningServer } from './fixture.js';
import { presignedUrl, signedPost } from './signing.js';

let server: RunningServer;
before(async () => {
  server = await startServer({
    bodyLimit: 64 * 1024,
    authorize: async (caller, _service, action) => {
      if (action === 'DeleteRole' && caller.kind === 'assumed-role') {
        throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: iam:DeleteRole`, 403);
      }
    },
  });
});
after(() => server.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

async function post(body: string, headers: Record<string, string> = FORM) {
  const response = await fetch(server.url, { method: 'POST', headers, body, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

test('no Action: 302 to https://aws.amazon.com/iam, as real STS answers (query kept on GET)', async () => {
  const posted = await post('Version=2011-06-15');
  assert.equal(posted.status, 302);
  assert.equal(posted.headers.get('location'), 'https://aws.amazon.com/iam');
  const got = await fetch(`${server.url}/?Version=2011-06-15`, { redirect: 'manual' });
  assert.equal(got.headers.get('location'), 'https://aws.amazon.com/iam?Version=2011-06-15');
  const untyped = await post('Action=GetCallerIdentity&Version=2011-06-15', {});
  assert.equal(untyped.status, 302);
});

test('missing, empty and unknown Version: InvalidAction in the AWSFault namespace', async () => {
  // Raw AWS XML quoted in Envoy's STS fetcher (source/extensions/filters/http/aws_lambda): NO_VERSION_SPECIFIED.
  const missing = await post('Action=AssumeRoleWithWebIdentity');
  assert.equal(missing.status, 400);
  assert.equal(
    missing.body.replace(/<RequestId>[^<]+</, '<RequestId>X<'),
    '<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09">\n  <Error>\n    <Type>Sender</Type>\n    <Code>InvalidAction</Code>\n' +
      '    <Message>Could not find operation AssumeRoleWithWebIdentity for version NO_VERSION_SPECIFIED</Message>\n  </Error>\n  <RequestId>X</RequestId>\n</ErrorResponse>\n',
  );
  assert.match((await post('Action=GetCallerIdentity&Version=')).body, /<Message>Could not find operation GetCallerIdentity for version <\/Message>/);
  assert.match((await post('Action=GetCallerIdentity&Version=2000-01-01')).body, /for version 2000-01-01</);
});

test('unknown action for a known version (aws/aws-cli#37 wording), in the service namespace', async () => {
  const response = await post('Action=NoSuchAction&Version=2011-06-15');
  assert.equal(response.status, 400);
  assert.match(response.body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
  assert.match(response.body, /<Code>InvalidAction<\/Code>\n    <Message>Could not find operation NoSuchAction for version 2011-06-15<\/Message>/);
});

test('a signed action without a signature: MissingAuthenticationToken 403', async () => {
  const response = await post('Action=GetCallerIdentity&Version=2011-06-15');
  assert.equal(response.status, 403);
  assert.match(response.body, /<Code>MissingAuthenticationToken<\/Code>\n    <Message>Request is missing Authentication Token<\/Message>/);
  assert.equal(response.headers.get('content-type'), 'text/xml');
});

test('unsigned actions ignore auth headers entirely (aws/aws-sdk-php#1725), GET too', async () => {
  const body = `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&RoleSessionName=s&WebIdentityToken=${WEB_IDENTITY_TOKEN}`;
  const response = await post(body, { ...FORM, authorization: 'AWS4-HMAC-SHA256 garbage', 'x-amz-security-token': 'junk' });
  assert.equal(response.status, 200, response.body);
  const viaGet = await fetch(`${server.url}/?${body}`);
  assert.equal(viaGet.status, 200);
  const json = await fetch(`${server.url}/?${body}`, { headers: { accept: 'application/json' } });
  const parsed = await json.json() as { AssumeRoleWithWebIdentityResponse: { AssumeRoleWithWebIdentityResult: { Credentials: { Expiration: unknown } } } };
  assert.equal(typeof parsed.AssumeRoleWithWebIdentityResponse.AssumeRoleWithWebIdentityResult.Credentials.Expiration, 'number');
});

test('the authorizer runs for signed calls and its AccessDenied goes on the wire', async () => {
  const body = 'Action=DeleteRole&Version=2010-05-08&RoleName=x';
  const signed = await signedPost(server.url, SESSION, body, { service: 'iam' });
  const response = await fetch(signed.url, signed.init);
  const text = await response.text();
  assert.equal(response.status, 403);
  assert.match(text, /<Code>AccessDenied<\/Code>/);
  assert.match(text, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
  // Signed for sts but sent to IAM: the scope service is wrong.
  const stsScoped = await signedPost(server.url, SESSION, body);
  const wrongScope = await fetch(stsScoped.url, stsScoped.init);
  assert.match(await wrongScope.text(), /Credential should be scoped to correct service: 'iam'\. /);
});

test('a handler crash: 500 ServiceFailure Receiver with a generic message; the stack only in the log', async () => {
  const url = await presignedUrl(server.url, ADMIN, { Action: 'GetSessionToken', Version: '2011-06-15' });
  const response = await fetch(url);
  const body = await response.text();
  assert.equal(response.status, 500);
  assert.match(body, /<Type>Receiver<\/Type>\n    <Code>ServiceFailure<\/Code>\n    <Message>The request processing has failed because of an unknown error, exception or failure\.<\/Message>/);
  assert.doesNotMatch(body, /exploded|\/srv\/secret/);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(server.logs.some((line) => line.includes('database exploded') && line.includes('"stack"')));
});

test('oversized bodies: 413 with AWS\'s RequestEntityTooLargeException body, never 5xx', async () => {
  const response = await post(`Action=GetCallerIdentity&Version=2011-06-15&x=${'v'.repeat(70 * 1024)}`);
  assert.equal(response.status, 413);
  assert.match(response.body, /<Code>RequestEntityTooLargeException<\/Code>/);
});

test('healthz and metrics (request counts by action and code, latency histogram)', async () => {
  const health = await fetch(`${server.url}/healthz`);
  assert.deepEqual(await health.json(), { status: 'ok' });
  await post('Action=GetCallerIdentity&Version=2011-06-15');
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /trustbridge_api_requests_total\{action="GetCallerIdentity",code="MissingAuthenticationToken"\} \d+/);
  assert.match(metrics, /trustbridge_api_request_duration_seconds_bucket\{le="0.005",action="GetCallerIdentity"\}/);
  // Unknown actions never become labels.
  await post('Action=Scanner%2F..%2Fetc&Version=2011-06-15');
  assert.doesNotMatch(await (await fetch(`${server.url}/metrics`)).text(), /Scanner/);
});

test('secrets never reach the log: Authorization, session tokens, web identity tokens, returned secret keys', async () => {
  const before = server.logs.length;
  const presigned = await presignedUrl(server.url, SESSION, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
  await fetch(presigned);
  const signed = await signedPost(server.url, SESSION, 'Action=GetCallerIdentity&Version=2011-06-15');
  await fetch(signed.url, signed.init);
  await fetch(`${server.url}/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=a&RoleSessionName=s&WebIdentityToken=${WEB_IDENTITY_TOKEN}`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const logged = server.logs.slice(before).join('');
  assert.ok(logged.includes('GetCallerIdentity'), 'requests are logged');
  const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(presigned)![1]!;
  const headerSignature = /Signature=([0-9a-f]+)/.exec((signed.init.headers as Record<string, string>).authorization!)![1]!;
  for (const secret of [SESSION.sessionToken, encodeURIComponent(SESSION.sessionToken), SESSION.secretAccessKey, signature, headerSignature, 'SECRETSIGNATUREPART']) {
    assert.ok(!logged.includes(secret), `log contains ${secret.slice(0, 12)}…`);
  }
  assert.ok(logged.includes('[Redacted]'));
});

test('fuzz: random bodies, content types and auth headers never produce a 5xx', async () => {
  const headerText = fc.string({ unit: fc.constantFrom(...'abcXYZ019 =,;/+-_.:%&\t'.split('')), maxLength: 60 });
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('Action=GetCallerIdentity&Version=2011-06-15', 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15', 'Action=DeleteRole&Version=2010-05-08')),
      fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'text/plain', 'application/json', ''),
      fc.option(headerText),
      fc.option(headerText),
      fc.option(headerText),
      async (body, contentType, authorization, date, token) => {
        const headers: Record<string, string> = {};
        if (contentType !== '') headers['content-type'] = contentType;
        if (authorization !== null) headers.authorization = `AWS4-HMAC-SHA256 ${authorization}`;
        if (date !== null) headers['x-amz-date'] = date;
        if (token !== null) headers['x-amz-security-token'] = token;
        const response = await post(body, headers);
        assert.ok(response.status < 500, `${response.status} for ${JSON.stringify({ body, headers })}`);
      },
    ),
    { numRuns: 300 },
  );
});

test('fuzz: random GET query strings never produce a 5xx', async () => {
  const chars = fc.constantFrom(...'AaXz09=&%+.-_~/:;!*()'.split(''));
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: chars, maxLength: 200 }), async (query) => {
      const response = await fetch(`${server.url}/?${query}`, { redirect: 'manual' });
      await response.arrayBuffer();
      assert.ok(response.status < 500, `${response.status} for ${query}`);
    }),
    { numRuns: 300 },
  );
});

test('malformed HTTP at the socket level gets a 4xx, not a crash', async () => {
  const raw = async (text: string) =>
    new Promise<string>((resolve) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
      let out = '';
      socket.on('data', (chunk) => (out += chunk.toString('latin1')));
      socket.on('close', () => resolve(out));
      socket.on('error', () => resolve(out));
    });
  for (const text of [
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=',
    'GET /?Action=\xff\xfe%ZZ HTTP/1.1\r\nHost: x\r\n\r\n',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\n',
  ]) {
    const reply = await raw(text);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? '0');
    assert.ok(status === 0 || status < 500, `${status} for ${JSON.stringify(text)}`);
  }
});

test('a resolver or authorizer that fails unexpectedly is a ServiceFailure, not a client error', async () => {
  const broken = await startServer({
    resolveCredential: async () => {
      throw new Error('connection to store lost');
    },
  });
  try {
    const response = await fetch(await presignedUrl(broken.url, ADMIN, { Action: 'GetCallerIdentity', Version: '2011-06-15' }));
    const body = await response.text();
    assert.equal(response.status, 500);
    assert.match(body, /<Code>ServiceFailure<\/Code>/);
    assert.doesNotMatch(body, /store lost/);
  } finally {
    await broken.close();
  }
});
