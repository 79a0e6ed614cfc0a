/**
 * The real aws CLI v1 against the simulator over HTTP: botocore serialises the request and
 * parses our XML with IAM's model, so member names, nesting and types are checked end to end.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ACCOUNT } from '../iam/harness.js';
import { startIamOverHttp, type IamOverHttp } from '../iam/http-iam.js';

const run = promisify(execFile);
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
const SUB = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
let iam: IamOverHttp;

before(async () => {
  iam = await startIamOverHttp();
});

after(async () => {
  await iam.close();
});

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('aws', ['iam', ...args, '--endpoint-url', iam.url, '--output', 'json'], { env: iam.clientEnv(), timeout: 60_000 });
  return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}

type Result = { EvalActionName: string; EvalDecision: string; MatchedStatements: Array<Record<string, unknown>>; MissingContextValues: string[] };

test('aws iam simulate-custom-policy', async () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    ],
  });
  const out = await aws(
    'simulate-custom-policy',
    '--policy-input-list', policy,
    '--action-names', 's3:GetObject', 's3:DeleteObject', 'ec2:RunInstances',
    '--context-entries', 'ContextKeyName=aws:PrincipalTag/team,ContextKeyValues=blue,ContextKeyType=string',
  );
  const results = out.EvaluationResults as Result[];
  assert.deepEqual(results.map((r) => [r.EvalActionName, r.EvalDecision]), [
    ['s3:GetObject', 'allowed'],
    ['s3:DeleteObject', 'explicitDeny'],
    ['ec2:RunInstances', 'implicitDeny'],
  ]);
  // AWS's columns: one past each brace of the statement (see statementToWire).
  assert.deepEqual(results[1]?.MatchedStatements, [
    { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none', StartPosition: { Line: 1, Column: 167 }, EndPosition: { Line: 1, Column: 242 } },
  ]);
  // The CLI paginates SimulateCustomPolicy itself and drops IsTruncated/Marker from its output.
  assert.equal(out.IsTruncated, undefined);

  const missing = await aws('simulate-custom-policy', '--policy-input-list', policy, '--action-names', 's3:GetObject');
  assert.deepEqual((missing.EvaluationResults as Result[])[0]?.MissingContextValues, ['aws:PrincipalTag/team']);
});

test('aws iam simulate-principal-policy, including the trust policy for a web identity caller', async () => {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'gitlab.example.com:sub': SUB } } },
    ],
  });
  const role = (await aws('create-role', '--role-name', 'gitlab-deploy', '--assume-role-policy-document', trust)) as { Role: { Arn: string } };
  await aws('put-role-policy', '--role-name', 'gitlab-deploy', '--policy-name', 'deploy', '--policy-document',
    JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::artifacts/*' } }));

  const perms = await aws('simulate-principal-policy', '--policy-source-arn', role.Role.Arn, '--action-names', 's3:PutObject',
    '--resource-arns', 'arn:aws:s3:::artifacts/a', 'arn:aws:s3:::other/a');
  assert.deepEqual((perms.EvaluationResults as Result[]).map((r) => r.EvalDecision), ['allowed', 'implicitDeny']);

  const assume = async (subject: string) =>
    ((await aws('simulate-principal-policy', '--policy-source-arn', role.Role.Arn, '--action-names', 'sts:AssumeRoleWithWebIdentity',
      '--caller-arn', PROVIDER, '--context-entries', `ContextKeyName=gitlab.example.com:sub,ContextKeyValues=${subject},ContextKeyType=string`,
    )).EvaluationResults as Result[])[0]?.EvalDecision;
  assert.equal(await assume(SUB), 'allowed');
  assert.equal(await assume(SUB.replace('branch', 'tag')), 'implicitDeny');
});
