import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { STSClient, GetCallerIdentityCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { ADMIN, ACCOUNT, EXPIRED_SESSION, POLICY, SESSION, WEB_IDENTITY_TOKEN, startServer, type RunningServer } from './fixture.js';

const run = promisify(execFile);
let server: RunningServer;
let configDir: string;

before(async () => {
  server = await startServer();
  configDir = mkdtempSync(join(tmpdir(), 'tb-aws-'));
  // aws CLI v1 would otherwise fetch parameters that look like URLs (the CLI's cli_follow_urlparam setting, https://docs.aws.amazon.com/cli/v1/userguide/cli-usage-parameters-file.html).
  writeFileSync(join(configDir, 'config'), '[default]\ncli_follow_urlparam = false\n');
});
after(async () => {
  await server.close();
  rmSync(configDir, { recursive: true, force: true });
});

function clientEnv(keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: configDir,
    AWS_CONFIG_FILE: join(configDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'none'),
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  if (keys.sessionToken !== undefined) env.AWS_SESSION_TOKEN = keys.sessionToken;
  return env;
}

async function awsCli(args: string[], keys = ADMIN): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('aws', [...args, '--endpoint-url', server.url, '--output', 'json'], { env: clientEnv(keys), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test('aws CLI: sts get-caller-identity with an admin key', async () => {
  const result = await awsCli(['sts', 'get-caller-identity']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { UserId: 'AIDAQEAAAAAAAAAAAAAAA', Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/admin` });
});

test('aws CLI: temporary credentials with a session token', async () => {
  const result = await awsCli(['sts', 'get-caller-identity'], SESSION);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci/job-1`);
});

test('aws CLI: wrong secret, unknown key and expired session get AWS errors', async () => {
  const wrong = await awsCli(['sts', 'get-caller-identity'], { ...ADMIN, secretAccessKey: 'x'.repeat(40) });
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /\(SignatureDoesNotMatch\).*The request signature we calculated does not match/);
  const unknown = await awsCli(['sts', 'get-caller-identity'], { accessKeyId: 'AKIAQEAAAAAAAAAAAAAZ', secretAccessKey: 'x'.repeat(40) });
  assert.match(unknown.stderr, /\(InvalidClientTokenId\).*The security token included in the request is invalid/);
  const expired = await awsCli(['sts', 'get-caller-identity'], EXPIRED_SESSION);
  assert.match(expired.stderr, /\(ExpiredToken\).*The security token included in the request is expired/);
});

test('aws CLI: IAM action without output, and a URL-encoded policy document decoded by botocore', async () => {
  const deleted = await awsCli(['iam', 'delete-role', '--role-name', 'ci']);
  assert.equal(deleted.code, 0, deleted.stderr);
  const policy = await awsCli(['iam', 'get-role-policy', '--role-name', 'ci', '--policy-name', 'p']);
  assert.equal(policy.code, 0, policy.stderr);
  assert.deepEqual(JSON.parse(policy.stdout).PolicyDocument, JSON.parse(POLICY));
});

test('boto3: get_caller_identity, an unsigned assume_role_with_web_identity, an IAM call', async () => {
  const script = `
import boto3, json, sys
from botocore import UNSIGNED
from botocore.config import Config
url = sys.argv[1]
sts = boto3.client('sts', endpoint_url=url, region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
me = sts.get_caller_identity()
anon = boto3.client('sts', endpoint_url=url, region_name='us-east-1', config=Config(signature_version=UNSIGNED))
creds = anon.assume_role_with_web_identity(RoleArn='arn:aws:iam::${ACCOUNT}:role/ci', RoleSessionName='s1', WebIdentityToken=sys.argv[4])
iam = boto3.client('iam', endpoint_url=url, region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
doc = iam.get_role_policy(RoleName='ci', PolicyName='p')['PolicyDocument']
print(json.dumps({'arn': me['Arn'], 'key': creds['Credentials']['AccessKeyId'], 'exp': creds['Credentials']['Expiration'].isoformat(), 'doc': doc}))
`;
  const { stdout } = await run('python3', ['-c', script, server.url, ADMIN.accessKeyId, ADMIN.secretAccessKey, WEB_IDENTITY_TOKEN], {
    env: { PATH: process.env.PATH, HOME: configDir, AWS_CONFIG_FILE: join(configDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'none') },
    timeout: 60_000,
  });
  const out = JSON.parse(stdout);
  assert.equal(out.arn, `arn:aws:iam::${ACCOUNT}:user/admin`);
  assert.equal(out.key, SESSION.accessKeyId);
  assert.match(out.exp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  assert.deepEqual(out.doc, JSON.parse(POLICY));
});

test('@aws-sdk/client-sts: GetCallerIdentityCommand and an unsigned AssumeRoleWithWebIdentityCommand', async () => {
  const client = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: SESSION.accessKeyId, secretAccessKey: SESSION.secretAccessKey, sessionToken: SESSION.sessionToken }, maxAttempts: 1 });
  const me = await client.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci/job-1`);
  assert.equal(me.Account, ACCOUNT);
  const assumed = await client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci`, RoleSessionName: 's2', WebIdentityToken: WEB_IDENTITY_TOKEN }));
  assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci/s2`);
  assert.ok(assumed.Credentials?.Expiration instanceof Date);
  client.destroy();
});

test('@aws-sdk/client-sts: AWS errors surface as typed service exceptions', async () => {
  const client = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: ADMIN.accessKeyId, secretAccessKey: 'y'.repeat(40) }, maxAttempts: 1 });
  await assert.rejects(client.send(new GetCallerIdentityCommand({})), (error: { name: string; $metadata: { httpStatusCode: number } }) => {
    assert.equal(error.name, 'SignatureDoesNotMatch');
    assert.equal(error.$metadata.httpStatusCode, 403);
    return true;
  });
  client.destroy();
});
