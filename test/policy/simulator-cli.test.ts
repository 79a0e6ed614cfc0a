/**
 * The real aws CLI v1 against the simulator over HTTP: botocore serialises the request and
 * parses our XML with IAM's model, so member names, nesting and types are checked end to end.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { invalidClientTokenId, type CredentialResolver } from '../../src/aws/sigv4/index.js';
import { createIamService } from '../../src/iam/service.js';
import { closeGracefully, createApiServer, listen } from '../../src/server/index.js';
import type { AccessKeyRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { freshStore, sqliteBackend } from '../store/backends.js';

const run = promisify(execFile);
const ACCOUNT = '000000000000';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
const SUB = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
const backend = sqliteBackend();
let store: Store;
let admin: AccessKeyRecord;
let url: string;
let configDir: string;
let close: () => Promise<void>;

before(async () => {
  store = (await freshStore(backend)).store;
  admin = await store.createAccessKey(ACCOUNT);
  const resolveCredential: CredentialResolver = async (accessKeyId, sessionToken) => {
    const key = sessionToken === undefined ? await store.findAccessKey(accessKeyId) : undefined;
    if (!key || key.status !== 'Active') throw invalidClientTokenId();
    return {
      secretAccessKey: key.secretAccessKey,
      caller: { kind: 'admin', accountId: key.accountId, accessKeyId, arn: `arn:aws:iam::${key.accountId}:root`, userId: key.accountId },
    };
  };
  const server = createApiServer({ services: [createIamService({ store })], resolveCredential, accountId: ACCOUNT, logger: { level: 'silent' } });
  url = (await listen(server, { port: 0 })).url;
  close = () => closeGracefully(server, 2_000);
  configDir = mkdtempSync(join(tmpdir(), 'tb-simulator-cli-'));
  writeFileSync(join(configDir, 'config'), '[default]\ncli_follow_urlparam = false\n');
});

after(async () => {
  await close();
  await store.close();
  await backend.cleanup();
  rmSync(configDir, { recursive: true, force: true });
});

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const env = {
    PATH: process.env.PATH,
    HOME: configDir,
    AWS_CONFIG_FILE: join(configDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'none'),
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  const { stdout } = await run('aws', ['iam', ...args, '--endpoint-url', url, '--output', 'json'], { env, timeout: 60_000 });
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
  assert.deepEqual(results[1]?.MatchedStatements, [
    { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none', StartPosition: { Line: 1, Column: 166 }, EndPosition: { Line: 1, Column: 241 } },
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
