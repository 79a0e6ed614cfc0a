import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AwsError } from '../../src/aws/error.js';
import { invalidClientTokenId, verifySignature, type SignedHttpRequest } from '../../src/aws/sigv4/index.js';

const now = new Date('2015-08-30T12:36:00Z');
const options = {
  service: 'sts',
  region: 'us-east-1',
  now,
  resolveCredential: async () => {
    throw invalidClientTokenId();
  },
};

function request(headers: [string, string][], query = ''): SignedHttpRequest {
  return { method: 'POST', path: '/', query, headers: [['Host', 'localhost'], ...headers], body: Buffer.alloc(0) };
}

async function errorOf(req: SignedHttpRequest): Promise<AwsError> {
  try {
    await verifySignature(req, options);
  } catch (error) {
    assert.ok(error instanceof AwsError);
    return error;
  }
  assert.fail('accepted');
}

const goodAuth = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';

test('no signature at all: MissingAuthenticationToken 403 (raw STS XML in amzn/selling-partner-api-docs#3081)', async () => {
  const error = await errorOf(request([]));
  assert.deepEqual([error.code, error.message, error.status], ['MissingAuthenticationToken', 'Request is missing Authentication Token', 403]);
});

test('missing Authorization parameters are listed, then the header (brendanhay/amazonka#316)', async () => {
  const error = await errorOf(request([['Authorization', 'AWS4-HMAC-SHA256 Credential=ABCDEF']]));
  assert.equal(error.code, 'IncompleteSignature');
  assert.equal(error.status, 400);
  assert.equal(
    error.message,
    "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF",
  );
});

test('a parameter without = (jenkinsci/aws-credentials-plugin#72, GetCallerIdentity)', async () => {
  const header = 'AWS4-HMAC-SHA256 Credential= AKIA/20150830/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=ab';
  const error = await errorOf(request([['Authorization', header], ['X-Amz-Date', '20150830T123600Z']]));
  assert.equal(error.code, 'IncompleteSignature');
  assert.equal(error.message, `'AKIA/20150830/us-east-1/sts/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
});

test('bad date, algorithm, credential shape, Host unsigned', async () => {
  let error = await errorOf(request([['Authorization', goodAuth], ['X-Amz-Date', '201']]));
  assert.equal(error.message, "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601");
  error = await errorOf(request([['Authorization', goodAuth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA25')], ['X-Amz-Date', '20150830T123600Z']]));
  assert.equal(error.message, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ");
  error = await errorOf(request([['Authorization', goodAuth.replace('/aws4_request', '')], ['X-Amz-Date', '20150830T123600Z']]));
  assert.equal(error.message, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIAEXAMPLE/20150830/us-east-1/sts'");
  error = await errorOf(request([['Authorization', goodAuth.replace('host;', '')], ['X-Amz-Date', '20150830T123600Z']]));
  assert.deepEqual([error.code, error.message], ['SignatureDoesNotMatch', "'Host' must be a 'SignedHeader' in the AWS Authorization."]);
});

test('wrong scope: STS sentences, concatenated (observed on sts.amazonaws.com)', async () => {
  const auth = goodAuth.replace('/us-east-1/sts/', '/us-west-2/s3/');
  const error = await errorOf(request([['Authorization', auth], ['X-Amz-Date', '20150830T123600Z']]));
  assert.equal(error.code, 'SignatureDoesNotMatch');
  assert.equal(error.status, 403);
  assert.equal(error.message, "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'sts'. ");
  const day = await errorOf(request([['Authorization', goodAuth.replace('/20150830/', '/20150829/')], ['X-Amz-Date', '20150830T123600Z']]));
  assert.equal(day.message, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.");
});

test('unknown key reaches the resolver only after every shape check', async () => {
  const error = await errorOf(request([['Authorization', goodAuth], ['X-Amz-Date', '20150830T123600Z']]));
  assert.equal(error.code, 'InvalidClientTokenId');
});

test('presigned: missing parameters listed (Coral wording), both forms at once refused', async () => {
  const error = await errorOf(request([], 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20150830T123600Z'));
  assert.equal(
    error.message,
    "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
  );
  const both = await errorOf(request([['Authorization', goodAuth]], 'X-Amz-Algorithm=AWS4-HMAC-SHA256'));
  assert.equal(both.code, 'SignatureDoesNotMatch');
});

test('fuzz: arbitrary Authorization headers, dates and queries only ever produce AwsErrors', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string(), fc.option(fc.string()), fc.string(), async (authorization, date, query) => {
      const headers: [string, string][] = [['Authorization', authorization]];
      if (date !== null) headers.push(['X-Amz-Date', date]);
      try {
        await verifySignature(request(headers, query), options);
      } catch (error) {
        assert.ok(error instanceof AwsError, String(error));
        assert.ok(error.status < 500);
      }
    }),
    { numRuns: 1500 },
  );
});
