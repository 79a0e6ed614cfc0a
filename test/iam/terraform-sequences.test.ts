/**
 * Terraform's call sequences, replayed through the AWS SDK for JavaScript v3 as
 * hashicorp/terraform-provider-aws makes them (internal/service/iam/: openid_connect_provider.go,
 * role.go, role_policy.go, role_policy_attachment.go, policy.go, policy_attachment.go):
 * create → read → update → read → delete, each answer asserted, then the read after delete that
 * the provider expects to end in NoSuchEntity.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteOpenIDConnectProviderCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagOpenIDConnectProviderCommand,
  TagPolicyCommand,
  TagRoleCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { providerArn, subjectIs, webIdentityTrust } from '../support/trust-policy.js';
import { ACCOUNT, identityPolicy, TRUST } from './harness.js';
import { startIamOverHttp, type IamOverHttp } from './http-iam.js';

let iam: IamOverHttp;
let client: IAMClient;

before(async () => {
  iam = await startIamOverHttp();
  client = new IAMClient({
    endpoint: iam.url,
    region: 'us-east-1',
    credentials: { accessKeyId: iam.admin.accessKeyId, secretAccessKey: iam.admin.secretAccessKey },
    maxAttempts: 1,
  });
});
after(async () => {
  client.destroy();
  await iam.close();
});

const P = `arn:aws:iam::${ACCOUNT}`;
const decoded = (text: string | undefined): unknown => JSON.parse(decodeURIComponent(text ?? ''));

/** The AWS error a call fails with: the provider branches on its code (tfawserr.ErrCodeEquals). */
async function awsError(promise: Promise<unknown>): Promise<[string, string | undefined, number | undefined]> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof IAMServiceException, String(err));
    return [err.name, err.message, err.$metadata.httpStatusCode];
  }
  assert.fail('the call succeeded');
}

describe('Terraform resources, call by call', () => {
  test('aws_iam_openid_connect_provider', async () => {
    const url = 'https://gitlab.example.com';
    const arn = `${P}:oidc-provider/gitlab.example.com`;
    // create
    const created = await client.send(
      new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: [url], ThumbprintList: ['a'.repeat(40)], Tags: [{ Key: 'team', Value: 'ci' }] }),
    );
    assert.equal(created.OpenIDConnectProviderArn, arn);
    // read
    let got = await client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, 'gitlab.example.com');
    assert.deepEqual(got.ClientIDList, [url]);
    assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'ci' }]);
    // update: client ids one by one, thumbprints as a whole, tags
    await client.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    await client.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: url }));
    await client.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['b'.repeat(40)] }));
    await client.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    // read
    got = await client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(got.ThumbprintList, ['b'.repeat(40)]);
    assert.deepEqual(got.Tags?.map((t) => t.Key).sort(), ['env', 'team']);
    // delete, then the read that must say NoSuchEntity
    await client.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(await awsError(client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))), [
      'NoSuchEntityException',
      `OpenIDConnect Provider not found for arn ${arn}`,
      404,
    ]);
  });

  test('aws_iam_role (with a boundary, and an instance profile left behind by EC2 tooling)', async () => {
    const boundary = (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-boundary', PolicyDocument: identityPolicy(0, 's3:*') }))).Policy?.Arn;
    // create
    const created = await client.send(
      new CreateRoleCommand({ RoleName: 'tf-role', AssumeRolePolicyDocument: TRUST, Description: 'first', PermissionsBoundary: boundary, Tags: [{ Key: 'a', Value: '1' }] }),
    );
    assert.equal(created.Role?.Arn, `${P}:role/tf-role`);
    // read: the role, its inline and managed policies (inline_policy, managed_policy_arns)
    let role = (await client.send(new GetRoleCommand({ RoleName: 'tf-role' }))).Role;
    assert.equal(role?.Description, 'first');
    assert.deepEqual(role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary });
    assert.deepEqual((await client.send(new ListRolePoliciesCommand({ RoleName: 'tf-role' }))).PolicyNames, []);
    assert.deepEqual((await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-role' }))).AttachedPolicies, []);
    // update: each changed argument has its own call
    await client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'tf-role', PolicyDocument: webIdentityTrust(subjectIs('project_path:mygroup/other:ref_type:branch:ref:main'), { provider: providerArn(undefined, ACCOUNT) }) }));
    const described = await client.send(new UpdateRoleDescriptionCommand({ RoleName: 'tf-role', Description: 'second' }));
    assert.equal(described.Role?.Description, 'second');
    await client.send(new UpdateRoleCommand({ RoleName: 'tf-role', MaxSessionDuration: 7200 }));
    await client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'tf-role' }));
    await client.send(new TagRoleCommand({ RoleName: 'tf-role', Tags: [{ Key: 'b', Value: '2' }] }));
    await client.send(new UntagRoleCommand({ RoleName: 'tf-role', TagKeys: ['a'] }));
    // read
    role = (await client.send(new GetRoleCommand({ RoleName: 'tf-role' }))).Role;
    assert.equal(role?.Description, 'second');
    assert.equal(role?.MaxSessionDuration, 7200);
    assert.equal(role?.PermissionsBoundary, undefined);
    assert.deepEqual(role?.Tags, [{ Key: 'b', Value: '2' }]);
    await client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'tf-role', PermissionsBoundary: boundary }));
    assert.equal((await client.send(new GetRoleCommand({ RoleName: 'tf-role' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);

    // An instance profile holds the role: DeleteRole refuses until the provider has emptied it.
    await client.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }));
    await client.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'tf-profile', RoleName: 'tf-role' }));
    assert.deepEqual(await awsError(client.send(new DeleteRoleCommand({ RoleName: 'tf-role' }))), [
      'DeleteConflictException',
      'Cannot delete entity, must remove roles from instance profile first.',
      409,
    ]);
    // delete (role.go deleteRoleInstanceProfiles, then DeleteRole)
    const profiles = (await client.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'tf-role' }))).InstanceProfiles ?? [];
    assert.deepEqual(profiles.map((p) => [p.InstanceProfileName, p.Roles?.map((r) => r.RoleName)]), [['tf-profile', ['tf-role']]]);
    for (const profile of profiles) {
      await client.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: profile.InstanceProfileName, RoleName: 'tf-role' }));
    }
    await client.send(new DeleteRoleCommand({ RoleName: 'tf-role' }));
    assert.deepEqual(await awsError(client.send(new GetRoleCommand({ RoleName: 'tf-role' }))), ['NoSuchEntityException', 'The role with name tf-role cannot be found.', 404]);
    // A missing role's profiles: NoSuchEntity, the one error the provider tolerates there.
    assert.equal((await awsError(client.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'tf-role' }))))[0], 'NoSuchEntityException');
    const profile = (await client.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }))).InstanceProfile;
    assert.deepEqual(profile?.Roles, []);
    await client.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }));
    assert.deepEqual(await awsError(client.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }))), [
      'NoSuchEntityException',
      'Instance Profile tf-profile cannot be found.',
      404,
    ]);
  });

  test('aws_iam_role_policy', async () => {
    await client.send(new CreateRoleCommand({ RoleName: 'tf-inline', AssumeRolePolicyDocument: TRUST }));
    // create and update are both PutRolePolicy; read is GetRolePolicy
    await client.send(new PutRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p', PolicyDocument: identityPolicy(0, 's3:GetObject') }));
    let got = await client.send(new GetRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }));
    assert.deepEqual(decoded(got.PolicyDocument), JSON.parse(identityPolicy(0, 's3:GetObject')));
    await client.send(new PutRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p', PolicyDocument: identityPolicy(0, 's3:PutObject') }));
    got = await client.send(new GetRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }));
    assert.deepEqual(decoded(got.PolicyDocument), JSON.parse(identityPolicy(0, 's3:PutObject')));
    await client.send(new DeleteRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }));
    assert.deepEqual(await awsError(client.send(new GetRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }))), [
      'NoSuchEntityException',
      'The role policy with name p cannot be found.',
      404,
    ]);
    assert.equal((await awsError(client.send(new DeleteRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }))))[0], 'NoSuchEntityException');
  });

  test('aws_iam_role_policy_attachment', async () => {
    await client.send(new CreateRoleCommand({ RoleName: 'tf-attach', AssumeRolePolicyDocument: TRUST }));
    const arn = (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-attached', PolicyDocument: identityPolicy() }))).Policy?.Arn ?? '';
    // create: AttachRolePolicy; read: ListAttachedRolePolicies, looking for the ARN (no update: replaced)
    await client.send(new AttachRolePolicyCommand({ RoleName: 'tf-attach', PolicyArn: arn }));
    const attached = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-attach' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'tf-attached', PolicyArn: arn }]);
    // A role with an attachment cannot go first.
    assert.deepEqual(await awsError(client.send(new DeleteRoleCommand({ RoleName: 'tf-attach' }))), [
      'DeleteConflictException',
      'Cannot delete entity, must detach all policies first.',
      409,
    ]);
    // delete
    await client.send(new DetachRolePolicyCommand({ RoleName: 'tf-attach', PolicyArn: arn }));
    assert.deepEqual((await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-attach' }))).AttachedPolicies, []);
    assert.deepEqual(await awsError(client.send(new DetachRolePolicyCommand({ RoleName: 'tf-attach', PolicyArn: arn }))), [
      'NoSuchEntityException',
      `Policy ${arn} was not found.`,
      404,
    ]);
  });

  test('aws_iam_policy', async () => {
    // create
    const created = (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-policy', PolicyDocument: identityPolicy(0, 's3:GetObject'), Tags: [{ Key: 'a', Value: '1' }] }))).Policy;
    const arn = created?.Arn ?? '';
    assert.equal(arn, `${P}:policy/tf-policy`);
    // read: the policy, its default version's document, its tags
    let policy = (await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    assert.equal(policy?.DefaultVersionId, 'v1');
    let version = (await client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion;
    assert.deepEqual(decoded(version?.Document), JSON.parse(identityPolicy(0, 's3:GetObject')));
    assert.deepEqual((await client.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'a', Value: '1' }]);
    // update: a new default version (the oldest non-default pruned at five), tags
    const versions = (await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    assert.deepEqual(versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v1', true]]);
    await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: identityPolicy(0, 's3:PutObject'), SetAsDefault: true }));
    await client.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'b', Value: '2' }] }));
    await client.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['a'] }));
    // read
    policy = (await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    assert.equal(policy?.DefaultVersionId, 'v2');
    assert.deepEqual(policy?.Tags, [{ Key: 'b', Value: '2' }]);
    version = (await client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))).PolicyVersion;
    assert.deepEqual(decoded(version?.Document), JSON.parse(identityPolicy(0, 's3:PutObject')));
    assert.deepEqual((await client.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'b', Value: '2' }]);
    // delete: the non-default versions first, then the policy
    for (const v of (await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? []) {
      if (!v.IsDefaultVersion) await client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }));
    }
    await client.send(new DeletePolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(await awsError(client.send(new GetPolicyCommand({ PolicyArn: arn }))), ['NoSuchEntityException', `Policy ${arn} was not found.`, 404]);
    assert.equal((await awsError(client.send(new ListPolicyTagsCommand({ PolicyArn: arn }))))[0], 'NoSuchEntityException');
  });

  test('aws_iam_policy_attachment', async () => {
    const arn = (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-shared', PolicyDocument: identityPolicy() }))).Policy?.Arn ?? '';
    for (const name of ['tf-a', 'tf-b']) await client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
    const entities = async () => {
      const out = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual([out.PolicyGroups, out.PolicyUsers, out.IsTruncated], [[], [], false]);
      return out.PolicyRoles?.map((r) => r.RoleName);
    };
    // create: attach to each role; read: ListEntitiesForPolicy
    await client.send(new AttachRolePolicyCommand({ RoleName: 'tf-a', PolicyArn: arn }));
    assert.deepEqual(await entities(), ['tf-a']);
    // update: roles = [tf-b]
    await client.send(new AttachRolePolicyCommand({ RoleName: 'tf-b', PolicyArn: arn }));
    await client.send(new DetachRolePolicyCommand({ RoleName: 'tf-a', PolicyArn: arn }));
    assert.deepEqual(await entities(), ['tf-b']);
    // A role carrying it as a boundary is listed under the PermissionsBoundary filter only.
    await client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'tf-a', PermissionsBoundary: arn }));
    const boundaries = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' }));
    assert.deepEqual(boundaries.PolicyRoles?.map((r) => r.RoleName), ['tf-a']);
    await client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'tf-a' }));
    // delete
    await client.send(new DetachRolePolicyCommand({ RoleName: 'tf-b', PolicyArn: arn }));
    assert.deepEqual(await entities(), []);
    assert.deepEqual(await awsError(client.send(new ListEntitiesForPolicyCommand({ PolicyArn: `${P}:policy/nope` }))), [
      'NoSuchEntityException',
      `Policy ${P}:policy/nope was not found.`,
      404,
    ]);
  });
});
