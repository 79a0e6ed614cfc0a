import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeQueryRequest } from '../../src/aws/query-request.js';
import { parseFormUrlEncoded } from '../../src/aws/form-urlencoded.js';

const post = (body: string, contentType = 'application/x-www-form-urlencoded; charset=utf-8') =>
  decodeQueryRequest({ method: 'POST', contentType, query: '', body: Buffer.from(body) });

test('botocore POST bodies: Action, Version, scalars, lists of scalars and of structures (botocore/serialize.py QuerySerializer)', () => {
  const request = post(
    'Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=https%3A%2F%2Fgitlab.example.com' +
      '&ClientIDList.member.1=sts.amazonaws.com&ThumbprintList.member.1=aaaa&Tags.member.1.Key=k&Tags.member.1.Value=v',
  );
  assert.equal(request.action, 'CreateOpenIDConnectProvider');
  assert.equal(request.version, '2010-05-08');
  assert.equal(request.params.string('Url'), 'https://gitlab.example.com');
  assert.deepEqual(request.params.list('ClientIDList'), ['sts.amazonaws.com']);
  const tags = request.params.members('Tags')!;
  assert.equal(tags[0]!.string('Key'), 'k');
  assert.equal(tags[0]!.string('Value'), 'v');
});

test('content type with or without charset, any case; other content types are not read', () => {
  assert.equal(post('Action=A', 'application/x-www-form-urlencoded').action, 'A');
  assert.equal(post('Action=A', 'Application/X-WWW-Form-Urlencoded;Charset=UTF-8').action, 'A');
  assert.equal(post('Action=A', 'application/json').action, undefined);
  assert.equal(decodeQueryRequest({ method: 'POST', contentType: undefined, query: '', body: 'Action=A' }).action, undefined);
});

test('GET query strings, and POST query strings merged before the body', () => {
  const get = decodeQueryRequest({ method: 'GET', contentType: undefined, query: 'Action=GetCallerIdentity&Version=2011-06-15', body: '' });
  assert.equal(get.action, 'GetCallerIdentity');
  const mixed = decodeQueryRequest({ method: 'POST', contentType: 'application/x-www-form-urlencoded', query: 'Version=2011-06-15', body: 'Action=X' });
  assert.equal(mixed.version, '2011-06-15');
  assert.equal(mixed.action, 'X');
});

test('first occurrence wins, as real STS answers Action=GetCallerIdentity&Action=NoSuchAction', () => {
  assert.equal(post('Action=GetCallerIdentity&Action=NoSuchAction').action, 'GetCallerIdentity');
});

test('decoding as botocore encodes: + is space, %XX UTF-8, = inside values, empty list', () => {
  const request = post('Action=A&P=a+b%2Bc%3D%26%E2%9C%93&Q=x=y&Empty=&Flag');
  assert.equal(request.params.string('P'), 'a b+c=&✓');
  assert.equal(request.params.string('Q'), 'x=y');
  assert.deepEqual(request.params.list('Empty'), []);
  assert.equal(request.params.string('Flag'), '');
});

test('malformed escapes and invalid UTF-8 never throw', () => {
  assert.deepEqual(parseFormUrlEncoded('a=%&b=%G1&c=%e2%28&d=%'), [
    ['a', '%'],
    ['b', '%G1'],
    ['c', '\uFFFD('],
    ['d', '%'],
  ]);
});

test('fuzz: any body, query or content type decodes without throwing', () => {
  fc.assert(
    fc.property(fc.string(), fc.uint8Array({ maxLength: 200 }), fc.option(fc.string()), (query, body, contentType) => {
      decodeQueryRequest({ method: 'POST', contentType: contentType ?? undefined, query, body: Buffer.from(body) });
    }),
    { numRuns: 2000 },
  );
});

test('round trip: values encoded with encodeURIComponent decode to themselves', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (name, value) => {
      fc.pre(name !== '' && !name.includes('\uD800'));
      const body = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
      const pairs = parseFormUrlEncoded(body);
      assert.deepEqual(pairs, [[name, value]]);
    }),
    { numRuns: 1000 },
  );
});
