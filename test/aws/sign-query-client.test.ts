/**
 * The signed Query client against a real in-process API (startApi) and against small hostile
 * servers: oversized, slow and DTD-carrying answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createQueryClient, encodeQueryForm, parseXml, QueryCallError } from '../../src/aws/query-client.js';
import { startApi, type RunningApi } from '../../src/stack/api.js';

test('lists are flattened as X.member.N, records as X.member.N.Field, and everything RFC 3986-encoded', () => {
  assert.equal(
    encodeQueryForm({ Action: 'CreateRole', A: ['x y', 'https://h/p'], Tags: [{ Key: 'k', Value: 'v*' }], Skip: undefined, N: 3600 }),
    'Action=CreateRole&A.member.1=x%20y&A.member.2=https%3A%2F%2Fh%2Fp&Tags.member.1.Key=k&Tags.member.1.Value=v%2A&N=3600',
  );
});

test('the XML reader decodes entities and CDATA, and refuses DTDs, mismatched tags and deep nesting', () => {
  const root = parseXml('<?xml version="1.0"?><R xmlns="x"><A>a &amp; &lt;b&gt; &#x41;&#66;</A><L><member>1</member><member><![CDATA[<2>]]></member></L><E/></R>');
  assert.equal(root.text('A'), 'a & <b> AB');
  assert.deepEqual(root.members('L').map((m) => m.content), ['1', '<2>']);
  assert.equal(root.text('E'), '');
  assert.throws(() => parseXml('<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'), /unsupported markup/);
  assert.throws(() => parseXml('<a><b></a></b>'), /unexpected/);
  assert.throws(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100)), /deeply/);
});

describe('against a real API', () => {
  let dir: string;
  let api: RunningApi;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-client-'));
    api = await startApi({ dir, port: 0, logLevel: 'silent' });
  });
  after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function client(secret = api.adminKey.secretAccessKey) {
    return createQueryClient({ endpoint: api.url, region: 'us-east-1', credentials: { accessKeyId: api.adminKey.accessKeyId, secretAccessKey: secret } });
  }

  test('a signed IAM call succeeds and its result is read from XML', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const created = await client().call('iam', 'CreateRole', { RoleName: 'client-test', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'a b+c' }] });
    assert.equal(created.child('Role')?.text('Arn'), 'arn:aws:iam::000000000000:role/client-test');
    const tags = await client().call('iam', 'ListRoleTags', { RoleName: 'client-test' });
    assert.deepEqual(tags.members('Tags').map((t) => [t.text('Key'), t.text('Value')]), [['team', 'a b+c']]);
  });

  test('an AWS error carries Code and Message, and prints as the AWS CLI does', async () => {
    const failure = await client().call('iam', 'GetRole', { RoleName: 'missing' }).catch((e: unknown) => e);
    assert.ok(failure instanceof QueryCallError);
    assert.equal(failure.code, 'NoSuchEntity');
    // IAM's text for a missing role (GetRole's NoSuchEntity in LocalStack's test_iam_roles.snapshot.json).
    assert.equal(failure.message, 'An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name missing cannot be found.');
  });

  test('a wrong secret is refused with SignatureDoesNotMatch', async () => {
    await assert.rejects(client('wrong').call('iam', 'ListRoles'), { code: 'SignatureDoesNotMatch' });
  });

  test('an empty list is sent as a bare `Name=`, which IAM reads as an empty list', async () => {
    const created = await client().call('iam', 'CreateOpenIDConnectProvider', { Url: 'https://empty.example', ClientIDList: [], ThumbprintList: ['a'.repeat(40)] });
    const arn = created.text('OpenIDConnectProviderArn') ?? '';
    const provider = await client().call('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    assert.deepEqual(provider.members('ClientIDList'), []);
  });

  test('STS works with the same client', async () => {
    const identity = await client().call('sts', 'GetCallerIdentity');
    assert.equal(identity.text('Account'), '000000000000');
  });
});

describe('hostile servers', () => {
  let server: Server;
  let url: string;
  let answer: (res: import('node:http').ServerResponse) => void = () => undefined;
  before(async () => {
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  const credentials = { accessKeyId: 'AKID', secretAccessKey: 's' };

  test('a response over the size cap is refused', async () => {
    answer = (res) => res.end('<R>' + 'x'.repeat(10_000) + '</R>');
    const client = createQueryClient({ endpoint: url, region: 'us-east-1', credentials, maxResponseBytes: 1000 });
    await assert.rejects(client.call('iam', 'ListRoles'), /larger than 1000 bytes/);
  });

  test('a server that never answers hits the deadline', async () => {
    answer = () => undefined;
    const client = createQueryClient({ endpoint: url, region: 'us-east-1', credentials, timeoutMs: 200 });
    await assert.rejects(client.call('iam', 'ListRoles'), (e: Error) => e.name === 'TimeoutError' || e.name === 'AbortError');
  });

  test('an error body that is not an ErrorResponse still gives a typed error', async () => {
    answer = (res) => {
      res.statusCode = 502;
      res.end('<html>bad gateway</html>');
    };
    const client = createQueryClient({ endpoint: url, region: 'us-east-1', credentials });
    await assert.rejects(client.call('iam', 'ListRoles'), { code: 'HTTP502' });
    answer = (res) => {
      res.statusCode = 503;
      res.end('Service Unavailable');
    };
    await assert.rejects(client.call('iam', 'ListRoles'), { code: 'HTTP503', awsMessage: 'Service Unavailable' });
  });
});
