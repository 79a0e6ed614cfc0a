/**
 * Issue 10: fuzzing the parsers a client's bytes reach (seeded, so every run sees the same
 * inputs): the Query decoder, the XML encoder, the policy parser, the JWT parser and the SigV4
 * verifier get over 100,000 generated inputs in-process and may only answer or throw the
 * project's own errors; then hostile requests over HTTP get no 5xx and always an AWS error body.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { AwsError } from '../../src/aws/error.js';
import { decodeQueryRequest } from '../../src/aws/query-request.js';
import { XmlMap, type WireStruct, type WireValue } from '../../src/aws/shape.js';
import { verifySignature } from '../../src/aws/sigv4/index.js';
import { encodeXmlError } from '../../src/aws/xml/error.js';
import { encodeXmlSuccess } from '../../src/aws/xml/success.js';
import { TrustbridgeError } from '../../src/errors.js';
import { parseToken } from '../../src/oidc/parse.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { startApi, type RunningApi } from '../../src/stack/api.js';

const SEED = 20261204;

/** Runs `body` on `numRuns` inputs; a thrown error must be one of the project's own. */
function fuzz<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, body: (input: T) => unknown): void {
  fc.assert(
    fc.property(arbitrary, (input) => {
      try {
        body(input);
      } catch (err) {
        if (!(err instanceof TrustbridgeError)) throw err;
      }
    }),
    { seed: SEED, numRuns },
  );
}

async function fuzzAsync<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, body: (input: T) => Promise<unknown>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      try {
        await body(input);
      } catch (err) {
        if (!(err instanceof TrustbridgeError)) throw err;
      }
    }),
    { seed: SEED, numRuns },
  );
}

const formish = fc
  .array(
    fc.tuple(fc.constantFrom('Action', 'Version', 'RoleArn', 'Tags.member.1.Key', 'a%', '%zz', '', '=', 'X-Amz-Credential'), fc.string()),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), formish);

describe('fuzzing in-process (105,000 inputs)', () => {
  it('Query decoder: 30,000 bodies and query strings', () => {
    fuzz(
      fc.tuple(
        fc.constantFrom('GET', 'POST', 'PUT'),
        fc.option(
          fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=latin1', 'text/xml', ''),
          { nil: undefined },
        ),
        text,
        text,
      ),
      30_000,
      ([method, contentType, query, body]) => decodeQueryRequest({ method, contentType, query, body: Buffer.from(body, 'utf8') }),
    );
  });

  it('XML encoder: 15,000 results and errors, always well-formed text', () => {
    const leaf: fc.Arbitrary<WireValue> = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.date({ noInvalidDate: true }),
      fc.constant(undefined),
    );
    const { tree } = fc.letrec<{ tree: WireValue }>((self) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(self('tree'), { maxLength: 3 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), self('tree'), { maxKeys: 3 }),
        fc.array(fc.tuple(fc.string({ maxLength: 8 }), self('tree')), { maxLength: 2 }).map((entries) => new XmlMap(entries)),
      ),
    }));
    fuzz(
      fc.tuple(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tree, { maxKeys: 4 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
      ),
      15_000,
      ([result, message]) => {
        const xml = encodeXmlSuccess('GetRole', 'https://iam.amazonaws.com/doc/2010-05-08/', result as WireStruct, 'rid');
        assert.equal(typeof xml, 'string');
        const error = encodeXmlError(new AwsError('ValidationError', message, 400), 'https://iam.amazonaws.com/doc/2010-05-08/', 'rid');
        assert.match(error, /<ErrorResponse[\s\S]*<Code>ValidationError<\/Code>[\s\S]*<Message[/>]/);
      },
    );
  });

  it('policy parser: 25,000 documents, as text and as JSON', () => {
    const document = fc.oneof(
      text,
      fc.json({ maxDepth: 4 }),
      fc
        .record({ Version: fc.constantFrom('2012-10-17', '2008-10-17', 1), Statement: fc.anything({ maxDepth: 3 }) })
        .map((p) => JSON.stringify(p)),
    );
    fuzz(fc.tuple(document, fc.constantFrom('identity', 'trust', 'session', 'managed', 'resource' as const)), 25_000, ([doc, kind]) =>
      parsePolicy(doc, kind),
    );
  });

  it('JWT parser: 20,000 tokens', () => {
    const b64 = (value: string): string => Buffer.from(value).toString('base64url');
    const token = fc.oneof(
      text,
      fc
        .tuple(fc.json({ maxDepth: 3 }), fc.json({ maxDepth: 3 }), fc.string({ maxLength: 20 }))
        .map(([h, p, s]) => `${b64(h)}.${b64(p)}.${b64(s)}`),
      fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }).map((parts) => parts.join('.')),
    );
    fuzz(token, 20_000, (t) => parseToken(t));
  });

  it('SigV4 verifier: 15,000 signed-looking requests', async () => {
    const header = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc
        .tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), fc.string({ maxLength: 70 }))
        .map(([cred, signed, sig]) => `AWS4-HMAC-SHA256 Credential=${cred}, SignedHeaders=${signed}, Signature=${sig}`),
      fc.constantFrom(
        'AWS4-HMAC-SHA256 Credential=AKIAAAAAAAAAAAAAAAAA/20261204/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
      ),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      path: fc.oneof(fc.constant('/'), fc.string({ maxLength: 20 })),
      query: fc.oneof(text, fc.constant('X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F1&X-Amz-Signature=1&X-Amz-Date=x')),
      headers: fc
        .tuple(header, fc.string({ maxLength: 20 }), fc.option(fc.string({ maxLength: 20 }), { nil: undefined }))
        .map(([authorization, date, token]) => [
          ['host', 'localhost'] as const,
          ['authorization', authorization] as const,
          ['x-amz-date', date] as const,
          ...(token !== undefined ? [['x-amz-security-token', token] as const] : []),
        ]),
      body: text.map((t) => Buffer.from(t)),
    });
    await fuzzAsync(request, 15_000, (r) =>
      verifySignature(r, {
        service: 'iam',
        region: 'us-east-1',
        resolveCredential: async () => ({ secretAccessKey: 'x'.repeat(40), caller: { kind: 'anonymous' } }),
        now: new Date('2026-12-04T12:00:00Z'),
      }),
    );
  });
});

describe('fuzzing over HTTP', () => {
  let api: RunningApi;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-fuzz-'));
    api = await startApi({ dir, port: 0, logLevel: 'silent' });
  });
  after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('600 hostile requests: never a 5xx, every 4xx an AWS error body', async () => {
    const action = fc.constantFrom('AssumeRoleWithWebIdentity', 'GetCallerIdentity', 'CreateRole', 'ListRoles', 'Nope', '');
    const version = fc.constantFrom('2011-06-15', '2010-05-08', 'x', '');
    const body = fc.tuple(action, version, text).map(([a, v, extra]) => `Action=${a}&Version=${v}&${extra}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST'),
        body,
        fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json'),
        fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
        async (method, payload, contentType, authorization) => {
          const response = await api.server.inject({
            method,
            url: method === 'GET' ? `/?${payload}` : '/',
            headers: { 'content-type': contentType, ...(authorization !== undefined ? { authorization } : {}) },
            ...(method === 'POST' ? { payload } : {}),
          });
          assert.ok(response.statusCode < 500, `${response.statusCode} for ${method} ${payload}`);
          if (response.statusCode >= 400) assert.match(response.body, /<ErrorResponse[\s\S]*<Code>[^<]+<\/Code>[\s\S]*<Message>/);
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
  });
});
