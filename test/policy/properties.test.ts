/**
 * Property tests (fast-check): evaluation never throws on a policy that validated; the validator
 * only ever fails with MalformedPolicyDocument; parse → serialise → parse is stable; our JSON
 * reader agrees with JSON.parse; an unconditional Deny always wins.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { AwsError } from '../../src/aws/error.js';
import {
  compilePolicy,
  evaluate,
  explain,
  normalizePolicyDocument,
  validatePolicyDocument,
  type ContextValue,
  type PolicyKind,
} from '../../src/policy/index.js';
import { parseJson, toPlain } from '../../src/policy/json.js';

const RUNS = { numRuns: 300, seed: 20261125 };

const operatorBase = fc.constantFrom(
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateGreaterThan',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
);
const operator = fc
  .tuple(fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'), operatorBase, fc.boolean())
  .map(([set, base, ifExists]) => `${set}${base}${ifExists && base !== 'Null' ? 'IfExists' : ''}`);
const keys = fc.constantFrom('aws:username', 'aws:SourceIp', 'aws:CurrentTime', 'aws:TagKeys', 'gitlab.example.com:sub', 's3:max-keys', 'aws:SecureTransport', 'x:bin');
const scalarText = fc.oneof(
  fc.constantFrom('*', '?', 'a*', '${aws:username}', "${aws:username, 'x'}", '${*}', '2020-01-01T00:00:00Z', '1577836800', '10', '-1.5', 'true', 'false', '10.0.0.0/8', '::1', 'arn:aws:iam::*:role/*', 'QUJD'),
  fc.string({ maxLength: 12 }),
);
const conditionValue = fc.oneof(scalarText, fc.integer(), fc.boolean(), fc.array(scalarText, { maxLength: 3 }));
const condition = fc.dictionary(operator, fc.dictionary(keys, conditionValue, { maxKeys: 2 }), { maxKeys: 3 });
const actions = fc.constantFrom('*', 's3:*', 's3:GetObject', 'sts:AssumeRoleWithWebIdentity', 'sts:*', 'iam:*AccessKey*', 's3:Get?bject');
const resources = fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:logs:*:*:*', 'arn:aws:iam::123456789012:role/r');
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 3 }));
const version = fc.constantFrom<string | undefined>('2012-10-17', '2008-10-17', undefined);

const identityStatement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: oneOrMany(actions),
    Resource: oneOrMany(resources),
    Condition: condition,
  },
  { requiredKeys: ['Effect', 'Action', 'Resource'] },
);
const trustStatement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Principal: fc.oneof(
      fc.constant('*'),
      fc.record({ Federated: oneOrMany(fc.constantFrom('arn:aws:iam::123456789012:oidc-provider/gitlab.example.com', 'accounts.google.com')) }),
    ),
    Action: oneOrMany(fc.constantFrom('sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:*')),
    Condition: condition,
  },
  { requiredKeys: ['Effect', 'Principal', 'Action'] },
);
const document = (statement: fc.Arbitrary<object>) =>
  fc.tuple(version, fc.oneof(statement, fc.array(statement, { minLength: 1, maxLength: 3 }))).map(([v, s]) => JSON.stringify(v ? { Version: v, Statement: s } : { Statement: s }));
const policyCase = fc.oneof(
  document(identityStatement).map((text) => ({ text, kind: 'identity' as PolicyKind })),
  document(trustStatement).map((text) => ({ text, kind: 'trust' as PolicyKind })),
);

const contextValue: fc.Arbitrary<ContextValue> = fc.oneof(scalarText, fc.integer(), fc.boolean(), fc.array(scalarText, { maxLength: 3 }));
const request = fc.record({
  action: actions.map((a) => a.replace('*', 'X').replace('?', 'O')),
  resource: fc.constantFrom('*', 'arn:aws:s3:::b/k', 'arn:aws:iam::123456789012:user/alice', 'not-an-arn'),
  context: fc.dictionary(keys, contextValue, { maxKeys: 5 }),
});

function validates(text: string, kind: PolicyKind): boolean {
  try {
    validatePolicyDocument(text, kind);
    return true;
  } catch (error) {
    assert.ok(error instanceof AwsError && error.code === 'MalformedPolicyDocument', String(error));
    return false;
  }
}

it('evaluation and explain never throw on a policy that validated', () => {
  let validCount = 0;
  fc.assert(
    fc.property(policyCase, request, ({ text, kind }, req) => {
      if (!validates(text, kind)) return;
      validCount++;
      const policy = compilePolicy(text, kind, 'p');
      const principal = { type: 'Federated' as const, id: 'arn:aws:iam::123456789012:oidc-provider/gitlab.example.com' };
      const input = kind === 'trust'
        ? { request: { ...req, principal }, identityPolicies: [], trustPolicy: policy }
        : { request: req, identityPolicies: [policy], sessionPolicies: [policy] };
      const result = evaluate(input);
      assert.ok(['allowed', 'explicitDeny', 'implicitDeny'].includes(result.decision));
      const trace = explain(input);
      assert.equal(trace.decision, result.decision);
      JSON.stringify(trace);
    }),
    RUNS,
  );
  assert.ok(validCount > 50, `only ${validCount} generated policies validated`);
});

it('the validator fails only with MalformedPolicyDocument, whatever the text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json(), policyCase.map((c) => c.text.slice(0, -3))), fc.constantFrom<PolicyKind>('identity', 'trust', 'session', 'managed'), (text, kind) => {
      validates(text, kind);
    }),
    RUNS,
  );
});

it('parse → serialise → parse is stable', () => {
  fc.assert(
    fc.property(policyCase, ({ text, kind }) => {
      if (!validates(text, kind)) return;
      const once = normalizePolicyDocument(text, kind);
      assert.equal(normalizePolicyDocument(once, kind), once);
    }),
    RUNS,
  );
});

it('the policy JSON reader agrees with JSON.parse on documents without duplicate keys', () => {
  fc.assert(
    fc.property(fc.json(), (text) => {
      assert.deepEqual(toPlain(parseJson(text)), JSON.parse(text));
    }),
    RUNS,
  );
});

it('an unconditional Deny * always gives explicitDeny', () => {
  const denyAll = compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*' } }), 'identity', 'deny-all');
  fc.assert(
    fc.property(document(identityStatement), request, (text, req) => {
      if (!validates(text, 'identity')) return;
      const result = evaluate({ request: req, identityPolicies: [compilePolicy(text, 'identity'), denyAll] });
      assert.equal(result.decision, 'explicitDeny');
    }),
    RUNS,
  );
});

it('compiles a document once per kind and text (cache by content hash)', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } });
  const a = compilePolicy(text, 'identity', 'a');
  const b = compilePolicy(text, 'identity', 'b');
  const session = compilePolicy(text, 'session', 'a');
  assert.equal(a.statements, b.statements);
  assert.equal(a.hash, b.hash);
  assert.notEqual(session.hash, a.hash);
  assert.equal(compilePolicy(text, 'identity', 'a'), a);
  assert.deepEqual([a.id, b.id], ['a', 'b']);
});
