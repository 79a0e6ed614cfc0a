import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { AwsError } from '../../src/aws/error.js';
import { XmlMap } from '../../src/aws/shape.js';
import { encodeXmlSuccess } from '../../src/aws/xml/success.js';
import { encodeXmlError } from '../../src/aws/xml/error.js';
import { escapeXml, escapeXmlAttribute } from '../../src/aws/xml/escape.js';
import { encodeJsonSuccess } from '../../src/aws/json/success.js';
import { encodeJsonError } from '../../src/aws/json/error.js';
import { encodePolicyDocument } from '../../src/aws/policy-document.js';
import { negotiateFormat } from '../../src/aws/wire-format.js';

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

// Golden body: the real AssumeRoleWithWebIdentity response captured from AWS in the salrashid123
// README, plus the trailing LF real STS bodies end with.
const CAPTURED_ASSUME = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Audience>mineral-minutia-820</Audience>
    <AssumedRoleUser>
      <AssumedRoleId>AROAUH3H6EGKDE7GWMPWA:app1</AssumedRoleId>
      <Arn>arn:aws:sts::291738886548:assumed-role/cicps3role/app1</Arn>
    </AssumedRoleUser>
    <Provider>arn:aws:iam::291738886548:oidc-provider/securetoken.google.com/mineral-minutia-820</Provider>
    <Credentials>
      <AccessKeyId>ASIAUH3H6EGKPJ...</AccessKeyId>
      <SecretAccessKey>Z3S78e6hWYGlub6YlOgz6hYwo81...</SecretAccessKey>
      <SessionToken>FwoGZXIvYXd...</SessionToken>
      <Expiration>2020-05-31T05:11:05Z</Expiration>
    </Credentials>
    <SubjectFromWebIdentityToken>WQoGf9wuwiVtxal5AapvPIfb8Q43</SubjectFromWebIdentityToken>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>5959ed62-13ac-4205-a0f6-811f00bced6b</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`;

const assumeResult = {
  Audience: 'mineral-minutia-820',
  AssumedRoleUser: {
    AssumedRoleId: 'AROAUH3H6EGKDE7GWMPWA:app1',
    Arn: 'arn:aws:sts::291738886548:assumed-role/cicps3role/app1',
  },
  Provider: 'arn:aws:iam::291738886548:oidc-provider/securetoken.google.com/mineral-minutia-820',
  Credentials: {
    AccessKeyId: 'ASIAUH3H6EGKPJ...',
    SecretAccessKey: 'Z3S78e6hWYGlub6YlOgz6hYwo81...',
    SessionToken: 'FwoGZXIvYXd...',
    Expiration: new Date('2020-05-31T05:11:05.123Z'),
  },
  PackedPolicySize: undefined,
  SubjectFromWebIdentityToken: 'WQoGf9wuwiVtxal5AapvPIfb8Q43',
};

test('success XML matches the captured AssumeRoleWithWebIdentity body byte for byte', () => {
  const body = encodeXmlSuccess('AssumeRoleWithWebIdentity', STS_NS, assumeResult, '5959ed62-13ac-4205-a0f6-811f00bced6b');
  assert.equal(body, CAPTURED_ASSUME);
});

// Golden body: raw AWS error from awslabs/aws-sdk-rust#827, double space kept.
const CAPTURED_ERROR = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidIdentityToken</Code>
    <Message>Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements</Message>
  </Error>
  <RequestId>8a5f3c2e-1111-4222-8333-944455556666</RequestId>
</ErrorResponse>
`;

test('error XML matches the captured envelope byte for byte', () => {
  const error = new AwsError(
    'InvalidIdentityToken',
    "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
  );
  const body = encodeXmlError(error, STS_NS, '8a5f3c2e-1111-4222-8333-944455556666');
  assert.equal(body, CAPTURED_ERROR);
});

test('server faults carry Type Receiver', () => {
  const body = encodeXmlError(new AwsError('ServiceFailure', 'x', 500), IAM_NS, 'r');
  assert.match(body, /<Type>Receiver<\/Type>/);
});

test('an action without output answers with ResponseMetadata only (as AWS answers DeleteRole)', () => {
  assert.equal(
    encodeXmlSuccess('DeleteRole', IAM_NS, undefined, 'abc'),
    `<DeleteRoleResponse xmlns="${IAM_NS}">\n  <ResponseMetadata>\n    <RequestId>abc</RequestId>\n  </ResponseMetadata>\n</DeleteRoleResponse>\n`,
  );
});

test('lists are <member>, maps are entry/key/value, empties self-close, scalars format as AWS does', () => {
  const body = encodeXmlSuccess(
    'X',
    IAM_NS,
    { L: ['a', 'b'], E: [], M: new XmlMap([['k', 'v']]), N: 3, B: false, S: '' },
    'r',
  );
  assert.ok(body.includes('    <L>\n      <member>a</member>\n      <member>b</member>\n    </L>\n'));
  assert.ok(body.includes('    <E/>\n'));
  assert.ok(body.includes('    <M>\n      <entry>\n        <key>k</key>\n        <value>v</value>\n      </entry>\n    </M>\n'));
  assert.ok(body.includes('<N>3</N>') && body.includes('<B>false</B>') && body.includes('<S/>'));
});

test('escaping covers markup, CR and characters XML 1.0 cannot carry', () => {
  assert.equal(escapeXml(`a<b>&"c'`), `a&lt;b&gt;&amp;"c'`);
  assert.equal(escapeXmlAttribute('a"b<'), 'a&quot;b&lt;');
  assert.equal(escapeXml('x\ry\nz\t'), 'x&#xD;y\nz\t');
  assert.equal(escapeXml('\u0000\u0008\uFFFE'), '\uFFFD\uFFFD\uFFFD');
  assert.equal(escapeXml('\uD800 lone'), '\uFFFD lone');
  assert.equal(escapeXml('emoji \u{1F600}'), 'emoji \u{1F600}');
});

test('botocore parses the XML bodies: success members, list members and the error envelope', () => {
  const xml = encodeXmlSuccess('AssumeRoleWithWebIdentity', STS_NS, assumeResult, 'rid');
  const error = encodeXmlError(new AwsError('ExpiredToken', 'The security token included in the request is expired', 403), STS_NS, 'rid2');
  const script = `
import sys, json, botocore.session
from botocore.parsers import QueryParser
s = botocore.session.get_session()
model = s.get_service_model('sts')
op = model.operation_model('AssumeRoleWithWebIdentity')
p = QueryParser()
ok = p.parse({'body': sys.argv[1].encode(), 'headers': {}, 'status_code': 200}, op.output_shape)
err = p.parse({'body': sys.argv[2].encode(), 'headers': {}, 'status_code': 403}, op.output_shape)
print(json.dumps({'key': ok['Credentials']['AccessKeyId'], 'exp': ok['Credentials']['Expiration'].isoformat(), 'rid': ok['ResponseMetadata']['RequestId'], 'err': err['Error'], 'rid2': err['ResponseMetadata']['RequestId']}))
`;
  const out = JSON.parse(execFileSync('python3', ['-c', script, xml, error], { encoding: 'utf8' }));
  assert.equal(out.key, 'ASIAUH3H6EGKPJ...');
  assert.equal(out.exp, '2020-05-31T05:11:05+00:00');
  assert.equal(out.rid, 'rid');
  assert.deepEqual(out.err, { Type: 'Sender', Code: 'ExpiredToken', Message: 'The security token included in the request is expired' });
  assert.equal(out.rid2, 'rid2');
});

test('JSON success: STS envelope with Expiration as integer unix seconds (as Envoy parses it)', () => {
  const body = JSON.parse(encodeJsonSuccess('AssumeRoleWithWebIdentity', assumeResult, 'rid'));
  const result = body.AssumeRoleWithWebIdentityResponse.AssumeRoleWithWebIdentityResult;
  assert.equal(result.Credentials.Expiration, 1590901865);
  assert.equal(result.AssumedRoleUser.Arn, 'arn:aws:sts::291738886548:assumed-role/cicps3role/app1');
  assert.equal('PackedPolicySize' in result, false);
  assert.deepEqual(body.AssumeRoleWithWebIdentityResponse.ResponseMetadata, { RequestId: 'rid' });
});

test('JSON error: {"Error":{"Code","Message","Type"},"RequestId"} (as trufflehog parses it)', () => {
  const body = encodeJsonError(new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid', 403), 'rid');
  assert.equal(
    body,
    '{"Error":{"Code":"InvalidClientTokenId","Message":"The security token included in the request is invalid","Type":"Sender"},"RequestId":"rid"}',
  );
});

test('JSON is chosen only when offered and asked for', () => {
  assert.equal(negotiateFormat('application/json', true), 'json');
  assert.equal(negotiateFormat('text/html, application/json;q=0.9', true), 'json');
  assert.equal(negotiateFormat('application/json', false), 'xml');
  assert.equal(negotiateFormat(undefined, true), 'xml');
  assert.equal(negotiateFormat('*/*', true), 'xml');
});

test('policy documents are RFC 3986 encoded and botocore json_decode_policies reads them back', () => {
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: "s3:*", Resource: "arn:aws:s3:::b/* (x)!'~", Condition: { StringEquals: { 'h:sub': 'é ü+' } } }] });
  const encoded = encodePolicyDocument(doc);
  assert.match(encoded, /^[A-Za-z0-9\-._~%]+$/);
  assert.ok(encoded.includes('%28x%29%21%27~'));
  const script = `
import sys, json
from urllib.parse import unquote
print(json.dumps(json.loads(unquote(sys.argv[1]))))`;
  const decoded = execFileSync('python3', ['-c', script, encoded], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(decoded), JSON.parse(doc));
});
