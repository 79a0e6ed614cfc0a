/**
 * authorizeCall(): signed calls are decided by the role's policies ∩ its session policies, and a
 * refusal carries AWS's AccessDenied wording (sources in src/policy/authorize.ts: aws/aws-pdk#104,
 * aws-amplify/amplify-backend#2258, aws/aws-sdk-js#4303, landing-zone-accelerator-on-aws#330).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/aws/error.js';
import type { Caller } from '../../src/aws/service.js';
import { authorizeCall, compilePolicy } from '../../src/policy/index.js';

const ACCT = '123456789012';
const SESSION_ARN = `arn:aws:sts::${ACCT}:assumed-role/deployer/ci`;
const ROLE_X = `arn:aws:iam::${ACCT}:role/x`;

function caller(sessionPolicies: string[] = []): Caller {
  return {
    kind: 'assumed-role',
    accountId: ACCT,
    accessKeyId: 'ASIAEXAMPLE',
    arn: SESSION_ARN,
    userId: 'AROAEXAMPLE:ci',
    roleName: 'deployer',
    roleArn: `arn:aws:iam::${ACCT}:role/deployer`,
    sessionName: 'ci',
    sessionPolicies,
    expiresAt: new Date('2030-01-01T00:00:00Z'),
  };
}

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const identity = (...Statement: object[]) => [compilePolicy(policy(...Statement), 'identity', 'role-policy')];

function deniedWith(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsError);
    assert.equal(error.code, 'AccessDenied');
    assert.equal(error.status, 403);
    assert.equal(error.message, message);
    return true;
  });
}

describe('authorizeCall', () => {
  it('lets admin keys do anything', () => {
    const admin: Caller = { kind: 'admin', accountId: ACCT, accessKeyId: 'AKIA', arn: `arn:aws:iam::${ACCT}:root`, userId: ACCT };
    authorizeCall({ caller: admin, action: 'iam:CreateRole', resource: ROLE_X, identityPolicies: [] });
  });

  it('allows what the role policies allow', () => {
    const result = authorizeCall({ caller: caller(), action: 'iam:CreateRole', resource: ROLE_X, identityPolicies: identity({ Effect: 'Allow', Action: 'iam:*Role', Resource: '*' }) });
    assert.equal(result?.decision, 'allowed');
  });

  it('a permissions boundary caps what the role policies allow, and never grants by itself', () => {
    const boundary = compilePolicy(policy({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }), 'identity', 'boundary');
    const wide = identity({ Effect: 'Allow', Action: 'iam:*', Resource: '*' });
    assert.equal(authorizeCall({ caller: caller(), action: 'iam:GetRole', resource: ROLE_X, identityPolicies: wide, permissionsBoundary: boundary })?.decision, 'allowed');
    deniedWith(
      () => authorizeCall({ caller: caller(), action: 'iam:CreateRole', resource: ROLE_X, identityPolicies: wide, permissionsBoundary: boundary }),
      `User: ${SESSION_ARN} is not authorized to perform: iam:CreateRole on resource: ${ROLE_X} because no permissions boundary allows the iam:CreateRole action`,
    );
    deniedWith(
      () => authorizeCall({ caller: caller(), action: 'iam:GetRole', resource: ROLE_X, identityPolicies: identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), permissionsBoundary: boundary }),
      `User: ${SESSION_ARN} is not authorized to perform: iam:GetRole on resource: ${ROLE_X} because no identity-based policy allows the iam:GetRole action`,
    );
    const denying = compilePolicy(policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:GetRole', Resource: '*' }), 'identity', 'boundary');
    deniedWith(
      () => authorizeCall({ caller: caller(), action: 'iam:GetRole', resource: ROLE_X, identityPolicies: wide, permissionsBoundary: denying }),
      `User: ${SESSION_ARN} is not authorized to perform: iam:GetRole on resource: ${ROLE_X} with an explicit deny in a permissions boundary`,
    );
  });

  it('denies with "because no identity-based policy allows"', () => {
    deniedWith(
      () => authorizeCall({ caller: caller(), action: 'iam:CreateRole', resource: ROLE_X, identityPolicies: identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
      `User: ${SESSION_ARN} is not authorized to perform: iam:CreateRole on resource: ${ROLE_X} because no identity-based policy allows the iam:CreateRole action`,
    );
  });

  it('denies with "with an explicit deny in an identity-based policy"', () => {
    deniedWith(
      () =>
        authorizeCall({
          caller: caller(),
          action: 'iam:CreateRole',
          resource: ROLE_X,
          identityPolicies: identity({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:CreateRole', Resource: '*' }),
        }),
      `User: ${SESSION_ARN} is not authorized to perform: iam:CreateRole on resource: ${ROLE_X} with an explicit deny in an identity-based policy`,
    );
  });

  it('intersects with the caller’s session policies', () => {
    const sessionOnlyS3 = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    deniedWith(
      () => authorizeCall({ caller: caller([sessionOnlyS3]), action: 'iam:CreateRole', resource: ROLE_X, identityPolicies: identity({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
      `User: ${SESSION_ARN} is not authorized to perform: iam:CreateRole on resource: ${ROLE_X} because no session policy allows the iam:CreateRole action`,
    );
    authorizeCall({ caller: caller([sessionOnlyS3]), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', identityPolicies: identity({ Effect: 'Allow', Action: '*', Resource: '*' }) });
  });

  it('reports an explicit deny in a session policy', () => {
    const session = policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    deniedWith(
      () => authorizeCall({ caller: caller([session]), action: 'iam:CreateRole', resource: ROLE_X, identityPolicies: identity({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
      `User: ${SESSION_ARN} is not authorized to perform: iam:CreateRole on resource: ${ROLE_X} with an explicit deny in a session policy`,
    );
  });

  it('fills in global condition keys such as aws:SourceIp and aws:CurrentTime', () => {
    const ipBound = identity({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } });
    authorizeCall({ caller: caller(), action: 'iam:GetRole', resource: ROLE_X, identityPolicies: ipBound, sourceIp: '10.1.2.3', now: new Date('2026-01-01T00:00:00Z') });
    assert.throws(() => authorizeCall({ caller: caller(), action: 'iam:GetRole', resource: ROLE_X, identityPolicies: ipBound, sourceIp: '192.0.2.1' }), AwsError);
  });

  it('never authorises an anonymous caller', () => {
    assert.throws(() => authorizeCall({ caller: { kind: 'anonymous' }, action: 'iam:GetRole', resource: ROLE_X, identityPolicies: [] }), AwsError);
  });
});
