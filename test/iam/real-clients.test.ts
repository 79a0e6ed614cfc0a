/**
 * The real AWS clients against Trustbridge's IAM over HTTP: the aws CLI v1, boto3 and
 * @aws-sdk/client-iam create, read, list, update and delete providers, roles and policies,
 * signed with an admin key kept in the store.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolesCommand,
  ListRoleTagsCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { ACCOUNT, identityPolicy, TRUST } from './harness.js';
import { startIamOverHttp, type IamOverHttp } from './http-iam.js';

const run = promisify(execFile);
const IDENTITY = identityPolicy();
let iam: IamOverHttp;

before(async () => {
  iam = await startIamOverHttp();
});
after(() => iam.close());

/**
 * Runs aws CLI v1 commands in ONE Python process through awscli's own entry point
 * (`create_clidriver().main(argv)`, what the `aws` script calls), because starting the CLI costs
 * seconds per command on a busy machine. Each command gets its own driver, stdout and stderr.
 */
const CLI_BATCH = `
import sys, json, io, contextlib
from awscli.clidriver import create_clidriver
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = create_clidriver().main(argv)
    results.append({'rc': rc, 'stdout': out.getvalue(), 'stderr': err.getvalue()})
print(json.dumps(results))
`;

interface CliResult {
  rc: number;
  stdout: string;
  stderr: string;
}

async function awsCli(commands: string[][]): Promise<CliResult[]> {
  const argvs = commands.map((args) => ['iam', ...args, '--endpoint-url', iam.url, '--output', 'json']);
  const { stdout } = await run('python3', ['-c', CLI_BATCH, JSON.stringify(argvs)], { env: iam.clientEnv(), timeout: 120_000, maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as CliResult[];
}

test('aws CLI v1: providers, roles, inline and managed policies end to end', async () => {
  const providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
  const policyArn = `arn:aws:iam::${ACCOUNT}:policy/read`;
  const steps: Array<[string, string[]]> = [
    ['createProvider', ['create-open-id-connect-provider', '--url', 'https://gitlab.example.com', '--client-id-list', 'https://gitlab.example.com', '--thumbprint-list', 'a'.repeat(40)]],
    ['updateThumbprint', ['update-open-id-connect-provider-thumbprint', '--open-id-connect-provider-arn', providerArn, '--thumbprint-list', 'b'.repeat(40)]],
    ['getProvider', ['get-open-id-connect-provider', '--open-id-connect-provider-arn', providerArn]],
    ['listProviders', ['list-open-id-connect-providers']],
    ['createRole', ['create-role', '--role-name', 'gitlab-deploy', '--assume-role-policy-document', TRUST]],
    ['updateRole', ['update-role', '--role-name', 'gitlab-deploy', '--max-session-duration', '7200']],
    ['getRole', ['get-role', '--role-name', 'gitlab-deploy']],
    ['listRoles', ['list-roles']],
    ['putInline', ['put-role-policy', '--role-name', 'gitlab-deploy', '--policy-name', 'inline', '--policy-document', IDENTITY]],
    ['getInline', ['get-role-policy', '--role-name', 'gitlab-deploy', '--policy-name', 'inline']],
    ['createPolicy', ['create-policy', '--policy-name', 'read', '--policy-document', IDENTITY]],
    ['createVersion', ['create-policy-version', '--policy-arn', policyArn, '--policy-document', identityPolicy(0, 's3:ListBucket'), '--set-as-default']],
    ['listVersions', ['list-policy-versions', '--policy-arn', policyArn]],
    ['attach', ['attach-role-policy', '--role-name', 'gitlab-deploy', '--policy-arn', policyArn]],
    ['listAttached', ['list-attached-role-policies', '--role-name', 'gitlab-deploy']],
    ['deleteAttachedRole', ['delete-role', '--role-name', 'gitlab-deploy']],
    ['detach', ['detach-role-policy', '--role-name', 'gitlab-deploy', '--policy-arn', policyArn]],
    ['deleteInline', ['delete-role-policy', '--role-name', 'gitlab-deploy', '--policy-name', 'inline']],
    ['deleteRole', ['delete-role', '--role-name', 'gitlab-deploy']],
    ['getDeletedRole', ['get-role', '--role-name', 'gitlab-deploy']],
    ['deleteVersion', ['delete-policy-version', '--policy-arn', policyArn, '--version-id', 'v1']],
    ['deletePolicy', ['delete-policy', '--policy-arn', policyArn]],
    ['deleteProvider', ['delete-open-id-connect-provider', '--open-id-connect-provider-arn', providerArn]],
    ['listAfter', ['list-open-id-connect-providers']],
  ];
  const results = await awsCli(steps.map(([, args]) => args));
  const by = new Map(steps.map(([name], i) => [name, results[i]!]));
  const json = (name: string): Record<string, unknown> => {
    const r = by.get(name)!;
    assert.equal(r.rc, 0, `${name} failed: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  };
  const failure = (name: string): string => {
    const r = by.get(name)!;
    assert.notEqual(r.rc, 0, `${name} succeeded`);
    return r.stderr.trim();
  };

  assert.deepEqual(json('createProvider'), { OpenIDConnectProviderArn: providerArn });
  json('updateThumbprint');
  const provider = json('getProvider');
  assert.equal(provider.Url, 'gitlab.example.com');
  assert.deepEqual(provider.ClientIDList, ['https://gitlab.example.com']);
  assert.deepEqual(provider.ThumbprintList, ['b'.repeat(40)]);
  assert.deepEqual(provider.Tags, []);
  assert.deepEqual(json('listProviders'), { OpenIDConnectProviderList: [{ Arn: providerArn }] });

  const role = json('createRole').Role as Record<string, unknown>;
  // botocore's json_decode_policies turns the URL-encoded document back into JSON.
  assert.deepEqual(role.AssumeRolePolicyDocument, JSON.parse(TRUST));
  assert.equal(role.MaxSessionDuration, undefined);
  json('updateRole');
  const got = json('getRole').Role as Record<string, unknown>;
  assert.equal(got.MaxSessionDuration, 7200);
  assert.deepEqual(got.RoleLastUsed, {});
  assert.deepEqual((json('listRoles').Roles as Array<Record<string, unknown>>).map((r) => r.RoleName), ['gitlab-deploy']);

  json('putInline');
  assert.deepEqual(json('getInline').PolicyDocument, JSON.parse(IDENTITY));
  assert.equal((json('createPolicy').Policy as Record<string, unknown>).Arn, policyArn);
  const created = json('createVersion').PolicyVersion as Record<string, unknown>;
  assert.deepEqual([created.VersionId, created.IsDefaultVersion, created.Document], ['v2', true, undefined]);
  const versions = json('listVersions').Versions as Array<{ VersionId: string; IsDefaultVersion: boolean }>;
  assert.deepEqual(versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v2', true], ['v1', false]]);
  json('attach');
  assert.deepEqual(json('listAttached'), { AttachedPolicies: [{ PolicyName: 'read', PolicyArn: policyArn }] });

  // test_iam_roles.snapshot.json: DeleteRole conflict and GetRole not-found, as botocore prints them.
  assert.equal(
    failure('deleteAttachedRole'),
    'An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must detach all policies first.',
  );
  json('detach');
  json('deleteInline');
  json('deleteRole');
  assert.equal(
    failure('getDeletedRole'),
    'An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name gitlab-deploy cannot be found.',
  );
  json('deleteVersion');
  json('deletePolicy');
  json('deleteProvider');
  assert.deepEqual(json('listAfter'), { OpenIDConnectProviderList: [] });
});

test('the `aws` executable itself: a URL parameter is sent, not fetched (cli_follow_urlparam = false)', async () => {
  const args = ['iam', 'create-open-id-connect-provider', '--url', 'https://binary.example.com', '--thumbprint-list', 'c'.repeat(40)];
  const { stdout } = await run('aws', [...args, '--endpoint-url', iam.url, '--output', 'json'], { env: iam.clientEnv(), timeout: 60_000 });
  assert.deepEqual(JSON.parse(stdout), { OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/binary.example.com` });
  assert.ok(await iam.store.findOidcProviderByUrl(ACCOUNT, 'https://binary.example.com'));
});

test('boto3: paginators follow our markers, tags and documents round-trip', async () => {
  const script = `
import json, sys, boto3, botocore.exceptions
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1',
                   aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
trust = sys.argv[4]
for i in range(5):
    iam.create_role(RoleName='boto-%d' % i, AssumeRolePolicyDocument=trust, Path='/boto/',
                    Tags=[{'Key': 'n', 'Value': str(i)}])
pages = list(iam.get_paginator('list_roles').paginate(PathPrefix='/boto/', PaginationConfig={'PageSize': 2}))
names = [r['RoleName'] for p in pages for r in p['Roles']]
role = iam.get_role(RoleName='boto-3')['Role']
iam.tag_role(RoleName='boto-3', Tags=[{'Key': 'extra', 'Value': 'x'}])
tags = iam.list_role_tags(RoleName='boto-3')['Tags']
provider = iam.create_open_id_connect_provider(Url='https://boto.example.com', ClientIDList=['sts.amazonaws.com'],
                                               ThumbprintList=['b' * 40], Tags=[{'Key': 'k', 'Value': 'v'}])
iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=provider['OpenIDConnectProviderArn'], ClientID='extra')
got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider['OpenIDConnectProviderArn'])
try:
    iam.create_role(RoleName='BOTO-0', AssumeRolePolicyDocument=trust)
    dup = None
except iam.exceptions.EntityAlreadyExistsException as e:
    dup = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'pages': len(pages), 'names': names, 'doc': role['AssumeRolePolicyDocument'], 'max': role['MaxSessionDuration'],
                  'tags': tags, 'clients': got['ClientIDList'], 'url': got['Url'], 'dup': dup}))
`;
  const { stdout } = await run('python3', ['-c', script, iam.url, iam.admin.accessKeyId, iam.admin.secretAccessKey, TRUST], { env: iam.clientEnv(), timeout: 60_000 });
  const out = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(out.pages, 3);
  assert.deepEqual(out.names, ['boto-0', 'boto-1', 'boto-2', 'boto-3', 'boto-4']);
  assert.deepEqual(out.doc, JSON.parse(TRUST));
  assert.equal(out.max, 3600);
  assert.deepEqual(out.tags, [{ Key: 'extra', Value: 'x' }, { Key: 'n', Value: '3' }]);
  assert.deepEqual(out.clients, ['sts.amazonaws.com', 'extra']);
  assert.equal(out.url, 'boto.example.com');
  // test_iam_roles.snapshot.json: EntityAlreadyExists 409, the requested name echoed.
  assert.deepEqual(out.dup, ['EntityAlreadyExists', 'Role with name BOTO-0 already exists.', 409]);
});

test('@aws-sdk/client-iam: roles, tags, policies and typed errors', async () => {
  const client = new IAMClient({
    endpoint: iam.url,
    region: 'us-east-1',
    credentials: { accessKeyId: iam.admin.accessKeyId, secretAccessKey: iam.admin.secretAccessKey },
    maxAttempts: 1,
  });
  try {
    const created = await client.send(new CreateRoleCommand({ RoleName: 'sdk-role', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 43200 }));
    assert.equal(created.Role?.Arn, `arn:aws:iam::${ACCOUNT}:role/sdk-role`);
    assert.match(created.Role?.RoleId ?? '', /^AROA/);
    assert.ok(created.Role?.CreateDate instanceof Date);
    const got = await client.send(new GetRoleCommand({ RoleName: 'sdk-role' }));
    assert.equal(got.Role?.MaxSessionDuration, 43200);
    // The JS SDK does not decode documents: it hands back AWS's URL-encoded text.
    assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), TRUST);

    await client.send(new TagRoleCommand({ RoleName: 'sdk-role', Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '1' }] }));
    const tags = await client.send(new ListRoleTagsCommand({ RoleName: 'sdk-role', MaxItems: 1 }));
    assert.deepEqual(tags.Tags, [{ Key: 'a', Value: '1' }]);
    assert.equal(tags.IsTruncated, true);
    const rest = await client.send(new ListRoleTagsCommand({ RoleName: 'sdk-role', Marker: tags.Marker }));
    assert.deepEqual(rest.Tags, [{ Key: 'b', Value: '2' }]);

    await client.send(new PutRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'p', PolicyDocument: IDENTITY }));
    const inline = await client.send(new GetRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'p' }));
    assert.equal(decodeURIComponent(inline.PolicyDocument ?? ''), IDENTITY);
    const policy = await client.send(new CreatePolicyCommand({ PolicyName: 'sdk-policy', PolicyDocument: IDENTITY }));
    await client.send(new AttachRolePolicyCommand({ RoleName: 'sdk-role', PolicyArn: policy.Policy?.Arn }));
    const roles = await client.send(new ListRolesCommand({}));
    assert.ok(roles.Roles?.some((r) => r.RoleName === 'sdk-role'));

    await assert.rejects(client.send(new GetRoleCommand({ RoleName: 'missing' })), (err: unknown) => {
      assert.ok(err instanceof NoSuchEntityException);
      assert.equal(err.message, 'The role with name missing cannot be found.');
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });
    await assert.rejects(client.send(new CreateRoleCommand({ RoleName: 'SDK-ROLE', AssumeRolePolicyDocument: TRUST })), EntityAlreadyExistsException);
  } finally {
    client.destroy();
  }
});
