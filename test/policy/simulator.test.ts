/**
 * The IAM simulator handlers, driven with QueryParams as botocore's QuerySerializer sends them.
 * Shapes: botocore data/iam/2010-05-08/service-2.json (SimulateCustomPolicyRequest,
 * SimulatePrincipalPolicyRequest, SimulatePolicyResponse).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/aws/error.js';
import { QueryParams } from '../../src/aws/query-params.js';
import type { CallContext } from '../../src/aws/service.js';
import { XmlMap, type WireStruct, type WireValue } from '../../src/aws/shape.js';
import { simulateCustomPolicy, simulatePrincipalPolicy, simulatorActions, type SimulationPolicyLookup } from '../../src/iam/simulator.js';

const ctx: CallContext = {
  requestId: 'req-1',
  caller: { kind: 'admin', accountId: '123456789012', accessKeyId: 'AKIA', arn: 'arn:aws:iam::123456789012:root', userId: '123456789012' },
  accountId: '123456789012',
  now: new Date('2026-01-01T00:00:00Z'),
  sourceIp: '127.0.0.1',
  responseHeaders: {},
};

const ALLOW_S3 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
const DENY_DELETE = '{\n  "Version": "2012-10-17",\n  "Statement": {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}\n}';

function params(entries: Record<string, string | string[]>): QueryParams {
  const flat: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(entries)) {
    if (Array.isArray(value)) value.forEach((v, i) => flat.push([`${name}.member.${i + 1}`, v]));
    else flat.push([name, value]);
  }
  return QueryParams.from(flat);
}

const results = (out: WireStruct | undefined): WireStruct[] => (out?.['EvaluationResults'] ?? []) as WireStruct[];
const field = (s: WireValue, name: string): WireValue => (s as WireStruct)[name];

async function rejects(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AwsError);
    assert.equal(error.code, code);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}

describe('SimulateCustomPolicy', () => {
  it('evaluates every action × resource, in request order, with AWS’s member names', async () => {
    const out = await simulateCustomPolicy(
      params({ PolicyInputList: [ALLOW_S3, DENY_DELETE], ActionNames: ['s3:GetObject', 's3:DeleteObject', 'ec2:RunInstances'] }),
      ctx,
    );
    const r = results(out);
    assert.deepEqual(r.map((x) => [x['EvalActionName'], x['EvalResourceName'], x['EvalDecision']]), [
      ['s3:GetObject', '*', 'allowed'],
      ['s3:DeleteObject', '*', 'explicitDeny'],
      ['ec2:RunInstances', '*', 'implicitDeny'],
    ]);
    assert.deepEqual(Object.keys(r[0] as WireStruct), ['EvalActionName', 'EvalResourceName', 'EvalDecision', 'MatchedStatements', 'MissingContextValues']);
    assert.equal(out?.['IsTruncated'], false);
    assert.equal(out?.['Marker'], undefined);
  });

  it('reports matched statements with SourcePolicyId and positions', async () => {
    const out = await simulateCustomPolicy(params({ PolicyInputList: [ALLOW_S3, DENY_DELETE], ActionNames: ['s3:DeleteObject'] }), ctx);
    const [statement] = field(results(out)[0] as WireStruct, 'MatchedStatements') as WireStruct[];
    assert.deepEqual(statement, {
      SourcePolicyId: 'PolicyInputList.2',
      SourcePolicyType: 'none',
      // One past the statement's `{` (column 16) and `}` (column 98), as AWS counts (issue 13).
      StartPosition: { Line: 3, Column: 17 },
      EndPosition: { Line: 3, Column: 99 },
    });
  });

  it('defaults ResourceArns to "*" and gives per-resource results for ARNs', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public/*' } });
    const out = await simulateCustomPolicy(
      params({ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::public/a', 'arn:aws:s3:::private/a'] }),
      ctx,
    );
    const r = results(out);
    assert.deepEqual(r.map((x) => x['EvalDecision']), ['allowed', 'implicitDeny']);
    const specific = r[1]?.['ResourceSpecificResults'] as WireStruct[];
    assert.equal(specific[0]?.['EvalResourceName'], 'arn:aws:s3:::private/a');
    assert.equal(specific[0]?.['EvalResourceDecision'], 'implicitDeny');
    assert.ok(r[1]?.['EvalDecisionDetails'] instanceof XmlMap);
  });

  it('types ContextEntries and reports MissingContextValues', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Resource: '*',
        Condition: {
          StringLike: { 'gitlab.example.com:sub': 'project_path:mygroup/myproject:ref_type:branch:ref:*' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' },
          StringEquals: { 'gitlab.example.com:aud': 'https://gitlab.example.com' },
        },
      },
    });
    const base = {
      PolicyInputList: [policy],
      ActionNames: ['sts:AssumeRoleWithWebIdentity'],
      'ContextEntries.member.1.ContextKeyName': 'gitlab.example.com:sub',
      'ContextEntries.member.1.ContextKeyType': 'string',
      'ContextEntries.member.1.ContextKeyValues.member.1': 'project_path:mygroup/myproject:ref_type:branch:ref:main',
      'ContextEntries.member.2.ContextKeyName': 'aws:MultiFactorAuthAge',
      'ContextEntries.member.2.ContextKeyType': 'numeric',
      'ContextEntries.member.2.ContextKeyValues.member.1': '60',
      'ContextEntries.member.3.ContextKeyName': 'aws:TagKeys',
      'ContextEntries.member.3.ContextKeyType': 'stringList',
      'ContextEntries.member.3.ContextKeyValues.member.1': 'env',
      'ContextEntries.member.3.ContextKeyValues.member.2': 'team',
    };
    const missing = results(await simulateCustomPolicy(params(base), ctx))[0] as WireStruct;
    assert.equal(missing['EvalDecision'], 'implicitDeny');
    assert.deepEqual(missing['MissingContextValues'], ['gitlab.example.com:aud']);
    const complete = results(
      await simulateCustomPolicy(
        params({
          ...base,
          'ContextEntries.member.4.ContextKeyName': 'gitlab.example.com:aud',
          'ContextEntries.member.4.ContextKeyValues.member.1': 'https://gitlab.example.com',
        }),
        ctx,
      ),
    )[0] as WireStruct;
    assert.equal(complete['EvalDecision'], 'allowed');
    assert.deepEqual(complete['MissingContextValues'], []);
  });

  it('applies permissions boundaries and reports PermissionsBoundaryDecisionDetail', async () => {
    const boundary = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } });
    const out = await simulateCustomPolicy(
      params({ PolicyInputList: [ALLOW_S3], PermissionsBoundaryPolicyInputList: [boundary], ActionNames: ['s3:GetObject', 's3:PutObject'] }),
      ctx,
    );
    const r = results(out);
    assert.deepEqual(r.map((x) => x['EvalDecision']), ['allowed', 'implicitDeny']);
    assert.deepEqual(r.map((x) => x['PermissionsBoundaryDecisionDetail']), [{ AllowedByPermissionsBoundary: true }, { AllowedByPermissionsBoundary: false }]);
  });

  it('lets a resource policy naming the caller allow, with EvalDecisionDetails per policy type', async () => {
    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    });
    const none = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } });
    const out = await simulateCustomPolicy(
      params({
        PolicyInputList: [none],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::b/k'],
        ResourcePolicy: resourcePolicy,
        CallerArn: 'arn:aws:iam::123456789012:user/alice',
      }),
      ctx,
    );
    const r = results(out)[0] as WireStruct;
    assert.equal(r['EvalDecision'], 'allowed');
    assert.deepEqual((r['EvalDecisionDetails'] as XmlMap).entries, [
      ['IAM Policy', 'implicitDeny'],
      ['Resource Policy', 'allowed'],
    ]);
    assert.equal(((r['MatchedStatements'] as WireStruct[])[0] as WireStruct)['SourcePolicyType'], 'resource');
  });

  it('paginates with MaxItems and Marker', async () => {
    const p = { PolicyInputList: [ALLOW_S3], ActionNames: ['s3:A', 's3:B', 's3:C'] };
    const first = await simulateCustomPolicy(params({ ...p, MaxItems: '2' }), ctx);
    assert.deepEqual(results(first).map((x) => x['EvalActionName']), ['s3:A', 's3:B']);
    assert.equal(first?.['IsTruncated'], true);
    const marker = first?.['Marker'];
    assert.equal(typeof marker, 'string');
    const second = await simulateCustomPolicy(params({ ...p, MaxItems: '2', Marker: marker as string }), ctx);
    assert.deepEqual(results(second).map((x) => x['EvalActionName']), ['s3:C']);
    assert.equal(second?.['IsTruncated'], false);
  });

  it('rejects missing required members with a ValidationError', async () => {
    // The STS form (fog/fog-aws#550): "Value null at '<member>' … Member must not be null" (IAM omits the value).
    await rejects(
      simulateCustomPolicy(params({ PolicyInputList: [ALLOW_S3] }), ctx),
      'ValidationError',
      "1 validation error detected: Value at 'actionNames' failed to satisfy constraint: Member must not be null",
    );
    await rejects(simulateCustomPolicy(params({ ActionNames: ['s3:GetObject'] }), ctx), 'ValidationError', /'policyInputList'/);
    await rejects(simulateCustomPolicy(params({ PolicyInputList: [ALLOW_S3], ActionNames: ['s3:X'], MaxItems: '0' }), ctx), 'ValidationError', /maxItems/);
  });

  it('rejects an unknown ContextKeyType with the model’s enum', async () => {
    await rejects(
      simulateCustomPolicy(
        params({ PolicyInputList: [ALLOW_S3], ActionNames: ['s3:X'], 'ContextEntries.member.1.ContextKeyName': 'aws:x', 'ContextEntries.member.1.ContextKeyType': 'text' }),
        ctx,
      ),
      'ValidationError',
      "1 validation error detected: Value 'text' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]",
    );
  });

  it('rejects a malformed input policy with InvalidInput, an error the simulator can send (botocore iam model), not MalformedPolicyDocument', async () => {
    await rejects(simulateCustomPolicy(params({ PolicyInputList: ['{"Statement": ['], ActionNames: ['s3:X'] }), ctx), 'InvalidInput', 'Syntax errors in policy.');
  });
});

describe('SimulatePrincipalPolicy', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/gitlab-deploy';
  const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/gitlab.example.com';
  const TRUST = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitLab',
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'gitlab.example.com:sub': 'project_path:mygroup/myproject:ref_type:branch:ref:main' } },
      },
    ],
  });
  const lookup: SimulationPolicyLookup = async (arn) =>
    arn === ROLE
      ? { identityPolicies: [{ id: 'deploy', type: 'role', document: ALLOW_S3 }, { id: 'arn:aws:iam::123456789012:policy/no-delete', type: 'user-managed', document: DENY_DELETE }], trustPolicy: TRUST }
      : undefined;
  const handler = simulatePrincipalPolicy(lookup);

  it('evaluates the principal’s inline and managed policies, as a recorded AWS response shapes it (issue 13)', async () => {
    const out = await handler(params({ PolicySourceArn: ROLE, ActionNames: ['s3:GetObject', 's3:DeleteObject'] }), ctx);
    const r = results(out);
    assert.deepEqual(r.map((x) => x['EvalDecision']), ['allowed', 'explicitDeny']);
    const deny = (r[1]?.['MatchedStatements'] as WireStruct[])[0] as WireStruct;
    assert.equal(deny['SourcePolicyId'], 'arn:aws:iam::123456789012:policy/no-delete');
    assert.equal(deny['SourcePolicyType'], 'IAM Policy');
    const allow = (r[0]?.['MatchedStatements'] as WireStruct[])[0] as WireStruct;
    assert.deepEqual([allow['SourcePolicyId'], allow['SourcePolicyType']], ['deploy', 'IAM Policy']);
    assert.deepEqual(Object.keys(r[0] as WireStruct), ['EvalActionName', 'EvalResourceName', 'EvalDecision', 'MatchedStatements', 'MissingContextValues', 'OrganizationsDecisionDetail']);
    assert.deepEqual(r[0]?.['OrganizationsDecisionDetail'], { AllowedByOrganizations: true });
  });

  it('a session ARN as PolicySourceArn: InvalidInput, it names no entity (recorded AWS text, issue 13)', async () => {
    const session = 'arn:aws:sts::123456789012:assumed-role/deploy/ci';
    await rejects(handler(params({ PolicySourceArn: session, ActionNames: ['s3:GetObject'] }), ctx), 'InvalidInput', `Invalid Entity Arn: ${session} does not clearly define entity type and name.`);
  });

  it('applies the principal’s own permissions boundary, as AWS evaluates it', async () => {
    const bounded = simulatePrincipalPolicy(async (arn) =>
      arn === ROLE
        ? { identityPolicies: [{ id: 'deploy', type: 'role', document: ALLOW_S3 }], permissionsBoundary: { id: 'arn:aws:iam::123456789012:policy/boundary', document: DENY_DELETE.replace('"Deny"', '"Allow"').replace('s3:DeleteObject', 's3:Get*') } }
        : undefined,
    );
    const r = results(await bounded(params({ PolicySourceArn: ROLE, ActionNames: ['s3:GetObject', 's3:PutObject'] }), ctx));
    assert.deepEqual(r.map((x) => x['EvalDecision']), ['allowed', 'implicitDeny']);
    assert.deepEqual(r.map((x) => x['PermissionsBoundaryDecisionDetail']), [{ AllowedByPermissionsBoundary: true }, { AllowedByPermissionsBoundary: false }]);
  });

  it('adds PolicyInputList policies to the principal’s own', async () => {
    const extra = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } });
    const out = await handler(params({ PolicySourceArn: ROLE, PolicyInputList: [extra], ActionNames: ['ec2:RunInstances'] }), ctx);
    assert.equal(results(out)[0]?.['EvalDecision'], 'allowed');
  });

  it('answers NoSuchEntity for an unknown principal', async () => {
    await rejects(
      handler(params({ PolicySourceArn: 'arn:aws:iam::123456789012:role/nope', ActionNames: ['s3:GetObject'] }), ctx),
      'NoSuchEntity',
      'The role with name nope cannot be found.',
    );
  });

  it('requires PolicySourceArn', async () => {
    await rejects(handler(params({ ActionNames: ['s3:GetObject'] }), ctx), 'ValidationError', /'policySourceArn'/);
  });

  it('beyond AWS: evaluates the trust policy for a web identity caller', async () => {
    const base = { PolicySourceArn: ROLE, ActionNames: ['sts:AssumeRoleWithWebIdentity'], CallerArn: PROVIDER, 'ContextEntries.member.1.ContextKeyName': 'gitlab.example.com:sub', 'ContextEntries.member.1.ContextKeyType': 'string' };
    const main = results(await handler(params({ ...base, 'ContextEntries.member.1.ContextKeyValues.member.1': 'project_path:mygroup/myproject:ref_type:branch:ref:main' }), ctx))[0] as WireStruct;
    assert.equal(main['EvalDecision'], 'allowed');
    const statement = (main['MatchedStatements'] as WireStruct[])[0] as WireStruct;
    assert.deepEqual([statement['SourcePolicyId'], statement['SourcePolicyType']], ['AssumeRolePolicyDocument', 'resource']);
    const tag = results(await handler(params({ ...base, 'ContextEntries.member.1.ContextKeyValues.member.1': 'project_path:mygroup/myproject:ref_type:tag:ref:main' }), ctx))[0] as WireStruct;
    assert.equal(tag['EvalDecision'], 'implicitDeny');
    const otherProvider = results(
      await handler(params({ ...base, CallerArn: 'arn:aws:iam::123456789012:oidc-provider/other.example.com', 'ContextEntries.member.1.ContextKeyValues.member.1': 'project_path:mygroup/myproject:ref_type:branch:ref:main' }), ctx),
    )[0] as WireStruct;
    assert.equal(otherProvider['EvalDecision'], 'implicitDeny');
  });

  it('is exposed as a table of actions for the IAM service', () => {
    assert.deepEqual(Object.keys(simulatorActions(lookup)).sort(), ['SimulateCustomPolicy', 'SimulatePrincipalPolicy']);
  });
});
