import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Caller } from '../../src/aws/service.js';
import { invalidClientTokenId, verifySignature, type SignedHttpRequest } from '../../src/aws/sigv4/index.js';
import { signRequest } from '../../src/aws/sigv4/sign.js';
import { parseRawRequest, suiteCases, type SuiteCase } from './sigv4-suite.js';

const caller: Caller = { kind: 'admin', accountId: '000000000000', accessKeyId: 'AKIDEXAMPLE', arn: 'arn:aws:iam::000000000000:user/x', userId: 'AIDAX' };

/**
 * post-sts-header-after adds the session token after signing (aws-c-auth's omit_session_token,
 * an IoT-only mode); the signer always signs the token, as botocore and the SDKs do for IAM/STS.
 */
const NOT_APPLICABLE = new Set(['post-sts-header-after']);

function authorizationOf(request: SignedHttpRequest): string {
  return request.headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? '';
}

function sign(c: SuiteCase): SignedHttpRequest {
  const { context } = c;
  return signRequest(parseRawRequest(c.read('request.txt')), {
    credentials: { accessKeyId: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key, sessionToken: context.credentials.token },
    region: context.region,
    service: context.service,
    now: new Date(context.timestamp),
    normalizePath: context.normalize,
    signPayloadHash: (context as { sign_body?: boolean }).sign_body === true,
  });
}

for (const c of suiteCases()) {
  if (NOT_APPLICABLE.has(c.name)) continue;
  test(`${c.name}: the signature equals the published vector and our verifier accepts it`, async () => {
    const signed = sign(c);
    // The vectors (aws-c-auth tests/aws-signing-test-suite/v4): header-signature.txt and the
    // Authorization line of header-signed-request.txt.
    const expected = authorizationOf(parseRawRequest(c.read('header-signed-request.txt')));
    assert.equal(authorizationOf(signed).trim(), expected.trim());
    assert.match(authorizationOf(signed), new RegExp(`Signature=${c.read('header-signature.txt').trim()}$`));
    const { credentials } = c.context;
    const verified = await verifySignature(signed, {
      service: c.context.service,
      region: c.context.region,
      normalizePath: c.context.normalize,
      now: new Date(c.context.timestamp),
      resolveCredential: async (accessKeyId, token) => {
        if (accessKeyId !== credentials.access_key_id || token !== credentials.token) throw invalidClientTokenId();
        return { secretAccessKey: credentials.secret_access_key, caller };
      },
    });
    assert.equal(verified.accessKeyId, credentials.access_key_id);
  });
}

test('a request changed after signing no longer verifies', async () => {
  const base: SignedHttpRequest = { method: 'POST', path: '/', query: '', headers: [['Host', 'localhost:8400']], body: Buffer.from('Action=ListRoles&Version=2010-05-08') };
  const now = new Date('2026-01-01T00:00:00Z');
  const signed = signRequest(base, { credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, region: 'us-east-1', service: 'iam', now });
  const tampered = { ...signed, body: Buffer.from('Action=DeleteRole&Version=2010-05-08') };
  const options = { service: 'iam', region: 'us-east-1', now, resolveCredential: async () => ({ secretAccessKey: 'secret', caller }) };
  await verifySignature(signed, options);
  await assert.rejects(verifySignature(tampered, options), { code: 'SignatureDoesNotMatch' });
});

test('signing keys are remembered per secret and scope, never across them', async () => {
  const { computeSignature } = await import('../../src/aws/sigv4/signature.js');
  // AWS's worked example (IAM ListUsers, 2015-08-30), from the SigV4 documentation.
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  const scope = { date: '20150830', region: 'us-east-1', service: 'iam' };
  const canonical = [
    'GET', '/', 'Action=ListUsers&Version=2010-05-08',
    'content-type:application/x-www-form-urlencoded; charset=utf-8', 'host:iam.amazonaws.com', 'x-amz-date:20150830T123600Z', '',
    'content-type;host;x-amz-date', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ].join('\n');
  const documented = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
  assert.equal(computeSignature(secret, '20150830T123600Z', scope, canonical), documented);
  assert.equal(computeSignature(secret, '20150830T123600Z', scope, canonical), documented, 'the remembered key signs alike');
  const others = [
    computeSignature(`${secret}x`, '20150830T123600Z', scope, canonical),
    computeSignature(secret, '20150830T123600Z', { ...scope, date: '20150831' }, canonical),
    computeSignature(secret, '20150830T123600Z', { ...scope, region: 'eu-west-1' }, canonical),
    computeSignature(secret, '20150830T123600Z', { ...scope, service: 'sts' }, canonical),
  ];
  assert.equal(new Set([documented, ...others]).size, 5);
});
