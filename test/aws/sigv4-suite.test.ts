import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../src/aws/error.js';
import type { Caller } from '../../src/aws/service.js';
import { invalidClientTokenId, verifySignature, type SignedHttpRequest } from '../../src/aws/sigv4/index.js';
import { canonicalRequest } from '../../src/aws/sigv4/canonical-request.js';
import { parseFormUrlEncoded } from '../../src/aws/form-urlencoded.js';
import { parseRawRequest, suiteCases, type SuiteCase } from './sigv4-suite.js';

type Form = 'header' | 'query';

const caller: Caller = { kind: 'admin', accountId: '000000000000', accessKeyId: 'AKIDEXAMPLE', arn: 'arn:aws:iam::000000000000:user/x', userId: 'AIDAX' };

/**
 * Not applicable: post-sts-header-after signed as a presigned URL sets aws-c-auth's
 * omit_session_token, which leaves X-Amz-Security-Token out of the canonical query although the
 * URL carries it (an IoT-only signing mode). STS and IAM sign every query parameter, and so do
 * botocore and aws-iam-authenticator presigned URLs, so the verifier rightly rejects it.
 */
const NOT_APPLICABLE = new Set(['post-sts-header-after/query']);

function optionsFor(c: SuiteCase, now = new Date(c.context.timestamp)) {
  const { credentials } = c.context;
  return {
    service: c.context.service,
    region: c.context.region,
    normalizePath: c.context.normalize,
    now,
    resolveCredential: async (accessKeyId: string, token: string | undefined) => {
      if (accessKeyId !== credentials.access_key_id) throw invalidClientTokenId();
      if (token !== undefined && token !== credentials.token) throw invalidClientTokenId();
      return { secretAccessKey: credentials.secret_access_key, caller };
    },
  };
}

function signedRequest(c: SuiteCase, form: Form): SignedHttpRequest {
  return parseRawRequest(c.read(`${form}-signed-request.txt`));
}

function signedHeaderNames(request: SignedHttpRequest, form: Form): string[] {
  if (form === 'query') {
    const value = parseFormUrlEncoded(request.query).find(([n]) => n === 'X-Amz-SignedHeaders')![1];
    return value.split(';');
  }
  const authorization = request.headers.find(([n]) => n.toLowerCase() === 'authorization')![1];
  return /SignedHeaders=([^,\s]+)/.exec(authorization)![1]!.split(';');
}

async function rejection(request: SignedHttpRequest, options: ReturnType<typeof optionsFor>): Promise<AwsError | undefined> {
  try {
    await verifySignature(request, options);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof AwsError, `non-AWS error: ${String(error)}`);
    return error;
  }
}

const cases = suiteCases();
const forms: Form[] = ['header', 'query'];

test('the suite is present', () => assert.ok(cases.length >= 30, `found ${cases.length} cases`));

for (const c of cases) {
  for (const form of forms) {
    const label = `${c.name}/${form}`;
    if (NOT_APPLICABLE.has(label)) {
      test(`${label}: not applicable, rejected`, async () => {
        const error = await rejection(signedRequest(c, form), optionsFor(c));
        assert.equal(error?.code, 'SignatureDoesNotMatch');
      });
      continue;
    }

    test(`${label}: canonical request matches the vector`, () => {
      const request = signedRequest(c, form);
      const canonical = canonicalRequest({
        request,
        signedHeaders: signedHeaderNames(request, form),
        normalizePath: c.context.normalize,
        omitQueryParameter: form === 'query' ? 'X-Amz-Signature' : undefined,
      });
      assert.equal(canonical, c.read(`${form}-canonical-request.txt`));
    });

    test(`${label}: accepted`, async () => {
      const verified = await verifySignature(signedRequest(c, form), optionsFor(c));
      assert.equal(verified.accessKeyId, 'AKIDEXAMPLE');
      assert.equal(verified.form, form);
    });

    test(`${label}: every one-byte change to a signed part is rejected`, async () => {
      const original = signedRequest(c, form);
      const names = signedHeaderNames(original, form);
      const options = optionsFor(c);
      const canonicalOf = (request: SignedHttpRequest): string | undefined => {
        try {
          return canonicalRequest({ request, signedHeaders: names, normalizePath: c.context.normalize, omitQueryParameter: form === 'query' ? 'X-Amz-Signature' : undefined });
        } catch {
          return undefined;
        }
      };
      const before = canonicalOf(original);
      let rejected = 0;
      for (const variant of tamperings(original, names)) {
        const error = await rejection(variant.request, options);
        if (error !== undefined) {
          rejected++;
          continue;
        }
        // Accepted only if the change did not alter what was signed (e.g. /a/.. → /b/.. normalise alike).
        // Only path segments that normalisation removes can change this way.
        assert.equal(canonicalOf(variant.request), before, `accepted a change to ${variant.where}`);
        assert.match(variant.where, /^path\[/);
      }
      assert.ok(rejected > 0);
    });
  }
}

test('clock window: 14 minutes old passes, 16 minutes old and 16 minutes early fail with AWS wording', async () => {
  const c = cases.find((x) => x.name === 'get-vanilla')!;
  const at = new Date(c.context.timestamp).getTime();
  await verifySignature(signedRequest(c, 'header'), optionsFor(c, new Date(at + 14 * 60_000)));
  const late = await rejection(signedRequest(c, 'header'), optionsFor(c, new Date(at + 16 * 60_000)));
  assert.equal(late?.code, 'SignatureDoesNotMatch');
  assert.equal(late?.status, 403);
  // Format from real STS (aws/aws-cli#6676).
  assert.equal(late?.message, 'Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)');
  const early = await rejection(signedRequest(c, 'header'), optionsFor(c, new Date(at - 16 * 60_000)));
  assert.equal(early?.message, 'Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)');
});

test('presigned URLs expire after X-Amz-Expires (3600 s in the vectors)', async () => {
  const c = cases.find((x) => x.name === 'get-vanilla')!;
  const at = new Date(c.context.timestamp).getTime();
  await verifySignature(signedRequest(c, 'query'), optionsFor(c, new Date(at + 3600_000)));
  const error = await rejection(signedRequest(c, 'query'), optionsFor(c, new Date(at + 3601_000)));
  assert.equal(error?.code, 'SignatureDoesNotMatch');
  assert.match(error!.message, /^Signature expired: 20150830T123600Z is now earlier than /);
});

test('wrong secret: SignatureDoesNotMatch with AWS\'s message; unknown key: the resolver error', async () => {
  const c = cases.find((x) => x.name === 'get-vanilla')!;
  const wrong = { ...optionsFor(c), resolveCredential: async () => ({ secretAccessKey: 'x'.repeat(40), caller }) };
  const error = await rejection(signedRequest(c, 'header'), wrong);
  assert.equal(error?.code, 'SignatureDoesNotMatch');
  assert.equal(
    error?.message,
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
  const unknown = { ...optionsFor(c), resolveCredential: async () => { throw invalidClientTokenId(); } };
  const denied = await rejection(signedRequest(c, 'header'), unknown);
  assert.equal(denied?.code, 'InvalidClientTokenId');
  assert.equal(denied?.message, 'The security token included in the request is invalid');
});

interface Variant {
  where: string;
  request: SignedHttpRequest;
}

function* tamperings(original: SignedHttpRequest, signedNames: readonly string[]): Generator<Variant> {
  const flip = (text: string, i: number) => text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1);
  for (let i = 0; i < original.method.length; i++) yield { where: `method[${i}]`, request: { ...original, method: flip(original.method, i) } };
  for (let i = 0; i < original.path.length; i++) yield { where: `path[${i}]`, request: { ...original, path: flip(original.path, i) } };
  for (let i = 0; i < original.query.length; i++) yield { where: `query[${i}]`, request: { ...original, query: flip(original.query, i) } };
  for (let h = 0; h < original.headers.length; h++) {
    const [name, value] = original.headers[h]!;
    if (!signedNames.includes(name.toLowerCase())) continue;
    for (let i = 0; i < value.length; i++) {
      const headers = original.headers.map((pair, j) => (j === h ? ([name, flip(value, i)] as const) : pair));
      yield { where: `${name}[${i}]`, request: { ...original, headers } };
    }
  }
  for (let i = 0; i < original.body.length; i++) {
    const body = Buffer.from(original.body);
    body[i]! ^= 1;
    yield { where: `body[${i}]`, request: { ...original, body } };
  }
}
