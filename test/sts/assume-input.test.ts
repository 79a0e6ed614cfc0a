/**
 * AssumeRoleWithWebIdentity parameter validation. Message shapes: localstack/localstack
 * tests/aws/services/sts/test_sts.snapshot.json  * (snapshot and in-the-wild texts) and, for
 * ordering (model member order; pattern before length within a member), the raw STS message quoted
 * in mmmorris1975/aws-runas#80.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../src/aws/error.js';
import { QueryParams } from '../../src/aws/query-params.js';
import { readAssumeWebIdentityInput, trimTokenWhitespace } from '../../src/sts/assume-input.js';
import { ROLE_ARN } from './fixtures.js';

const ARN_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+';
const valid = { RoleArn: ROLE_ARN, RoleSessionName: 'ci-job', WebIdentityToken: 'header.payload.signature' };

function read(values: Record<string, string>) {
  return readAssumeWebIdentityInput(QueryParams.from(Object.entries(values)));
}

function validation(message: string) {
  return (err: unknown) => {
    assert.ok(err instanceof AwsError);
    assert.equal(err.code, 'ValidationError');
    assert.equal(err.status, 400);
    assert.equal(err.type, 'Sender');
    assert.equal(err.message, message);
    return true;
  };
}

test('valid input, with the default duration of 3600', () => {
  assert.deepEqual(read(valid), { ...{ roleArn: ROLE_ARN, roleSessionName: 'ci-job', webIdentityToken: 'header.payload.signature' }, providerId: undefined, policyArns: [], policy: undefined, durationSeconds: 3600 });
});

test('whitespace around the token (a file written by echo) is not part of it', () => {
  assert.equal(read({ ...valid, WebIdentityToken: ' header.payload.signature\r\n' }).webIdentityToken, 'header.payload.signature');
  // Only ASCII space, tab, CR and LF, and only around it.
  assert.equal(trimTokenWhitespace('\t\n a.b c.d \r'), 'a.b c.d');
  assert.equal(trimTokenWhitespace(' \t\r\n'), '');
  assert.equal(trimTokenWhitespace('\u00a0a.b.c\u2028'), '\u00a0a.b.c\u2028');
  assert.equal(trimTokenWhitespace('\fa.b.c\v'), '\fa.b.c\v');
});

test('missing token: Value null … Member must not be null (fog/fog-aws PR #550)', () => {
  const { WebIdentityToken: _, ...rest } = valid;
  assert.throws(() => read(rest), validation("1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null"));
});

test('all three required members missing: three items in model order', () => {
  assert.throws(() => read({}), validation(
    "3 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null"));
});

test('session name with a colon: the pattern item, exactly as the AWS snapshot', () => {
  // test_sts.snapshot.json (real AWS, 2025-07-21)
  assert.throws(() => read({ ...valid, RoleSessionName: 'Session1:2' }), validation(
    "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
});

test('session name length bounds 2..64', () => {
  assert.throws(() => read({ ...valid, RoleSessionName: 'a' }), validation(
    "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"));
  const long = 'a'.repeat(65);
  assert.throws(() => read({ ...valid, RoleSessionName: long }), validation(
    `1 validation error detected: Value '${long}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`));
  assert.equal(read({ ...valid, RoleSessionName: 'a'.repeat(64) }).roleSessionName.length, 64);
  assert.equal(read({ ...valid, RoleSessionName: 'ab' }).roleSessionName, 'ab');
});

test('empty RoleArn fails pattern then length, as STS reported for AssumeRoleWithSAML (aws-runas#80)', () => {
  assert.throws(() => read({ ...valid, RoleArn: '' }), validation(
    `2 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}; ` +
      "Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"));
});

test('a malformed RoleArn that meets the constraints: "<arn> is invalid" (test_sts.snapshot.json)', () => {
  for (const arn of ['nothing-valid-in-here', 'arn::b:::something/test-role', 'arn:a:a::aaaaaaaaaa:']) {
    assert.throws(() => read({ ...valid, RoleArn: arn }), validation(`${arn} is invalid`));
  }
});

test('token length 4..20000; its value is never echoed (sensitive)', () => {
  assert.throws(() => read({ ...valid, WebIdentityToken: 'abc' }), validation(
    "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4"));
  assert.throws(() => read({ ...valid, WebIdentityToken: 'x'.repeat(20001) }), validation(
    "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000"));
});

test('DurationSeconds 900..43200 (goldstack PR #425 wording)', () => {
  assert.throws(() => read({ ...valid, DurationSeconds: '600' }), validation(
    "1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
  assert.throws(() => read({ ...valid, DurationSeconds: '43201' }), validation(
    "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"));
  assert.equal(read({ ...valid, DurationSeconds: '900' }).durationSeconds, 900);
  assert.equal(read({ ...valid, DurationSeconds: '43200' }).durationSeconds, 43200);
});

test('Policy: at most 2048 characters of Latin-1 (botocore model; moto reproduces it)', () => {
  const long = 'x'.repeat(2049);
  assert.throws(() => read({ ...valid, Policy: long }), validation(
    `1 validation error detected: Value '${long}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`));
  assert.throws(() => read({ ...valid, Policy: '{"π":1}' }), validation(
    "1 validation error detected: Value '{\"π\":1}' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"));
});

test('PolicyArns: at most 10, each an arnType', () => {
  const arns = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`PolicyArns.member.${i + 1}.arn`, `arn:aws:iam::123456789012:policy/p${i}`]));
  assert.throws(() => read({ ...valid, ...arns }), validation(
    "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10"));
  assert.throws(() => read({ ...valid, 'PolicyArns.member.1.arn': 'short' }), validation(
    "1 validation error detected: Value 'short' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20"));
  assert.deepEqual(read({ ...valid, 'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess' }).policyArns, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
});

test('violations across members are aggregated in model order', () => {
  assert.throws(() => read({ RoleArn: ROLE_ARN, RoleSessionName: 'bad:name', WebIdentityToken: 'abc', DurationSeconds: '100' }), validation(
    "3 validation errors detected: Value 'bad:name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; " +
      "Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4; " +
      "Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
});

test('ProviderId length 4..2048, and a DurationSeconds that is not an integer', () => {
  assert.throws(() => read({ ...valid, ProviderId: 'abc' }), validation(
    "1 validation error detected: Value 'abc' at 'providerId' failed to satisfy constraint: Member must have length greater than or equal to 4"));
  // UNVERIFIED wording (no AWS capture): the constraint item says what is wrong.
  assert.throws(() => read({ ...valid, DurationSeconds: '1h' }), validation(
    "1 validation error detected: Value '1h' at 'durationSeconds' failed to satisfy constraint: Member must be an integer"));
});
