/**
 * explain(): the structured trace and the engine's general hints for the classic trust-policy
 * mistakes (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * GitLab's subject hints are tested with their rules in test/diagnostics/gitlab-hints.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainTrust as run, hintCodes as codes, MAIN, SUB } from './trust-explain.js';

describe('explain trace', () => {
  it('lists each statement and condition with expected and actual values, JSON-serialisable', () => {
    const trace = run({ StringEquals: { [SUB]: MAIN, 'gitlab.example.com:aud': 'https://gitlab.example.com' } }, { [SUB]: MAIN, 'gitlab.example.com:aud': 'https://gitlab.example.com' });
    assert.equal(trace.decision, 'allowed');
    assert.equal(trace.summary, 'Allowed by statement 0 (Sid GitLab) of trust-policy.');
    const [policy] = trace.policies;
    assert.equal(policy?.source, 'trust');
    const statement = policy?.statements[0];
    assert.equal(statement?.applies, true);
    assert.equal(statement?.principalMatched, true);
    assert.deepEqual(statement?.conditions.map((c) => [c.operator, c.key, c.expected, c.actual, c.result]), [
      ['StringEquals', SUB, [MAIN], [MAIN], true],
      ['StringEquals', 'gitlab.example.com:aud', ['https://gitlab.example.com'], ['https://gitlab.example.com'], true],
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(trace)), trace);
    assert.deepEqual(trace.hints, []);
  });

  it('evaluates every condition when tracing, even after one fails', () => {
    const trace = run({ StringEquals: { [SUB]: 'nope', 'gitlab.example.com:aud': 'x' } }, { [SUB]: MAIN });
    assert.equal(trace.decision, 'implicitDeny');
    assert.equal(trace.policies[0]?.statements[0]?.conditions.length, 2);
    assert.match(trace.summary, /^Denied: no statement allows sts:AssumeRoleWithWebIdentity; statement 0 \(Sid GitLab\) of trust-policy failed on StringEquals gitlab\.example\.com:sub; StringEquals gitlab\.example\.com:aud\.$/);
  });

  it('says when the principal is not the one named', () => {
    const trace = run({ StringEquals: { [SUB]: MAIN } }, { [SUB]: MAIN }, 'arn:aws:iam::123456789012:oidc-provider/other.example.com');
    const statement = trace.policies[0]?.statements[0];
    assert.equal(statement?.principalMatched, false);
    assert.equal(statement?.reason, 'the principal is not the one this statement names');
    assert.deepEqual(statement?.conditions, []);
  });
});

describe('explain hints', () => {
  it('wildcard-in-string-equals: a * under StringEquals', () => {
    const trace = run({ StringEquals: { [SUB]: 'project_path:mygroup/*' } }, { [SUB]: MAIN });
    assert.ok(codes(trace).includes('wildcard-in-string-equals'));
    assert.match(trace.hints[0]?.message ?? '', /Use StringLike/);
    assert.equal(trace.hints[0]?.key, SUB);
  });

  it('case-mismatch: only case differs', () => {
    const trace = run({ StringEquals: { [SUB]: MAIN.replace('mygroup/myproject', 'MyGroup/MyProject') } }, { [SUB]: MAIN });
    assert.ok(codes(trace).includes('case-mismatch'));
  });

  it('missing-key: a claim AWS does not provide', () => {
    const trace = run({ StringEquals: { 'gitlab.example.com:project_path': 'mygroup/myproject', [SUB]: MAIN } }, { [SUB]: MAIN });
    const hint = trace.hints.find((h) => h.code === 'missing-key');
    assert.equal(hint?.key, 'gitlab.example.com:project_path');
    assert.deepEqual(trace.missingContextValues, ['gitlab.example.com:project_path']);
  });
});
