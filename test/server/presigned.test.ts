import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ACCOUNT, SESSION, startServer, type RunningServer } from './fixture.js';
import { presignedUrl, signedPost } from './signing.js';

let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const CALL = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

test('presigned GET GetCallerIdentity (aws-iam-authenticator style) with a session token in the query', async () => {
  const url = await presignedUrl(server.url, SESSION, CALL);
  assert.match(url, /X-Amz-Security-Token=/);
  const response = await get(url);
  assert.equal(response.status, 200, response.body);
  assert.match(response.body, new RegExp(`<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/ci/job-1</Arn>`));
  assert.equal(response.headers.get('content-type'), 'text/xml');
  assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(response.headers.get('x-trustbridge-decision-id'), 'd-1');
});

test('presigned GET answered in JSON when asked (Vault/EKS-style clients)', async () => {
  const response = await get(await presignedUrl(server.url, ADMIN, CALL), { accept: 'application/json' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const body = JSON.parse(response.body);
  assert.equal(body.GetCallerIdentityResponse.GetCallerIdentityResult.Account, ACCOUNT);
  assert.match(body.GetCallerIdentityResponse.ResponseMetadata.RequestId, /^[0-9a-f-]{36}$/);
});

test('JSON errors for STS, XML always for IAM', async () => {
  const wrong = await get(await presignedUrl(server.url, { ...ADMIN, secretAccessKey: 'z'.repeat(40) }, CALL), { accept: 'application/json' });
  assert.equal(wrong.status, 403);
  const body = JSON.parse(wrong.body);
  assert.deepEqual(Object.keys(body), ['Error', 'RequestId']);
  assert.equal(body.Error.Code, 'SignatureDoesNotMatch');
  assert.equal(body.Error.Type, 'Sender');
  assert.equal(body.RequestId, wrong.headers.get('x-amzn-requestid'));
  const iamCall = await get(`${server.url}/?Action=DeleteRole&Version=2010-05-08`, { accept: 'application/json' });
  assert.equal(iamCall.headers.get('content-type'), 'text/xml');
});

test('a header-signed call may carry its session token in the query string', async () => {
  const { sessionToken, ...keys } = SESSION;
  const signed = await signedPost(server.url, keys, 'Action=GetCallerIdentity&Version=2011-06-15', { query: { 'X-Amz-Security-Token': sessionToken } });
  assert.match(signed.url, /\?X-Amz-Security-Token=/);
  const response = await fetch(signed.url, signed.init);
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(await response.text(), /assumed-role\/ci\/job-1/);
});

test('tampered presigned URLs are refused: each signed query parameter changed, signature changed', async () => {
  const url = await presignedUrl(server.url, ADMIN, CALL);
  const tampered = [
    url.replace('Action=GetCallerIdentity', 'Action=GetCallerIdentitz'),
    url.replace('Version=2011-06-15', 'Version=2011-06-15&Extra=1'),
    url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=901'),
    url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`),
    url.replace(/X-Amz-Date=(\d{8}T\d{4})(\d\d)Z/, (_m, head: string, ss: string) => `X-Amz-Date=${head}${ss === '00' ? '01' : '00'}Z`),
  ];
  for (const variant of tampered) {
    assert.notEqual(variant, url);
    const response = await get(variant);
    assert.ok([400, 403].includes(response.status), `${response.status} for ${variant}`);
    assert.ok(['SignatureDoesNotMatch', 'InvalidAction'].includes(errorCode(response.body) ?? ''), response.body);
  }
});

test('presigned: wrong secret, unknown key, expired URL', async () => {
  const wrong = await get(await presignedUrl(server.url, { ...ADMIN, secretAccessKey: 'z'.repeat(40) }, CALL));
  assert.equal(wrong.status, 403);
  assert.equal(errorCode(wrong.body), 'SignatureDoesNotMatch');
  const unknown = await get(await presignedUrl(server.url, { accessKeyId: 'AKIAQEAAAAAAAAAAAAAZ', secretAccessKey: 'z'.repeat(40) }, CALL));
  assert.equal(errorCode(unknown.body), 'InvalidClientTokenId');
  const old = await get(await presignedUrl(server.url, ADMIN, CALL, { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) }));
  assert.equal(old.status, 403);
  assert.match(old.body, /<Message>Signature expired: \d{8}T\d{6}Z is now earlier than/);
});

test('header-signed POST: 16 minutes old fails with the AWS clock message, 14 minutes old passes', async () => {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const stale = await signedPost(server.url, ADMIN, body, { signingDate: new Date(Date.now() - 16 * 60_000) });
  const staleResponse = await fetch(stale.url, stale.init);
  const staleBody = await staleResponse.text();
  assert.equal(staleResponse.status, 403);
  assert.equal(errorCode(staleBody), 'SignatureDoesNotMatch');
  // Wording as real STS (aws/aws-cli#6676).
  assert.match(staleBody, /<Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)<\/Message>/);
  const recent = await signedPost(server.url, ADMIN, body, { signingDate: new Date(Date.now() - 14 * 60_000) });
  assert.equal((await fetch(recent.url, recent.init)).status, 200);
});

test('header-signed POST: the body is signed — a changed body is refused', async () => {
  const signed = await signedPost(server.url, ADMIN, 'Action=GetCallerIdentity&Version=2011-06-15');
  const response = await fetch(signed.url, { ...signed.init, body: 'Action=GetCallerIdentity&Version=2011-06-15&X=1' });
  assert.equal(response.status, 403);
  assert.equal(errorCode(await response.text()), 'SignatureDoesNotMatch');
});

test('UNSIGNED-PAYLOAD is not accepted for IAM/STS', async () => {
  const signed = await signedPost(server.url, ADMIN, 'Action=GetCallerIdentity&Version=2011-06-15', { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  // The smithy signer honours a preset x-amz-content-sha256 and signs UNSIGNED-PAYLOAD as the payload hash.
  const response = await fetch(signed.url, signed.init);
  assert.equal(response.status, 403);
  assert.equal(errorCode(await response.text()), 'SignatureDoesNotMatch');
});

test('a signature scoped to another region or service is refused with the STS scope message', async () => {
  const signed = await signedPost(server.url, ADMIN, 'Action=GetCallerIdentity&Version=2011-06-15', { region: 'eu-west-1' });
  const response = await fetch(signed.url, signed.init);
  const body = await response.text();
  assert.equal(response.status, 403);
  assert.match(body, /<Message>Credential should be scoped to a valid region\. <\/Message>/);
});
