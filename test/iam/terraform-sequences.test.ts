/**
 * Terraform's call sequences, replayed through the AWS SDK for JavaScript v3 in the order
 * hashicorp/terraform-provider-aws makes them (internal/service/iam/ openid_connect_provider.go,
 * role.go, role_policy.go, role_policy_attachment.go, policy.go, policy_attachment.go and tags.go,
 * with internal/provider/sdkv2/tags_interceptor.go for tag updates, read at the provider's 2026
 * sources): create → read → update → read → delete, each answer asserted, then the reads that the
 * acceptance tests' destroy checks make and the NoSuchEntity answers the provider takes as "gone".
 * Each test's comment lists the calls of its resource.
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
  type PolicyVersion,
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
  UntagOpenIDConnectProviderCommand,
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
  // openid_connect_provider.go: create = CreateOpenIDConnectProvider (tags on create) then Read;
  // Read = GetOpenIDConnectProvider, whose Tags feed the state (setTagsOut), so no
  // ListOpenIDConnectProviderTags; Update = the tags first (internal/provider/sdkv2/tags_interceptor.go
  // runs before the handler; iam/tags.go openIDConnectProviderUpdateTags: Untag the removed keys, then
  // Tag the new and changed ones), then UpdateOpenIDConnectProviderThumbprint, AddClientID for each
  // new id, RemoveClientID for each dropped one, then Read; Delete = DeleteOpenIDConnectProvider,
  // NoSuchEntity taken as done. After it, the acceptance test's destroy check reads it again.
  test('aws_iam_openid_connect_provider', async () => {
    const url = 'https://gitlab.example.com';
    const arn = `${P}:oidc-provider/gitlab.example.com`;
    const read = () => client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    // create
    const created = await client.send(
      new CreateOpenIDConnectProviderCommand({
        Url: url,
        ClientIDList: [url],
        ThumbprintList: ['a'.repeat(40)],
        Tags: [
          { Key: 'team', Value: 'ci' },
          { Key: 'old', Value: 'x' },
        ],
      }),
    );
    assert.equal(created.OpenIDConnectProviderArn, arn);
    let got = await read();
    assert.equal(got.Url, 'gitlab.example.com');
    assert.deepEqual(got.ClientIDList, [url]);
    assert.deepEqual(got.ThumbprintList, ['a'.repeat(40)]);
    assert.deepEqual(got.Tags?.map((t) => t.Key).sort(), ['old', 'team']);
    // update: tags (untag, then tag), thumbprints as a whole, client ids added then removed
    await client.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['old'] }));
    await client.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await client.send(
      new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['b'.repeat(40)] }),
    );
    await client.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    await client.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: url }));
    got = await read();
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(got.ThumbprintList, ['b'.repeat(40)]);
    assert.deepEqual(got.Tags?.map((t) => [t.Key, t.Value]).sort(), [
      ['env', 'prod'],
      ['team', 'ci'],
    ]);
    // delete; a second delete is NoSuchEntity, which the provider takes as done
    await client.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(await awsError(read()), ['NoSuchEntityException', `OpenIDConnect Provider not found for arn ${arn}`, 404]);
    assert.equal(
      (await awsError(client.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))))[0],
      'NoSuchEntityException',
    );
  });

  // role.go: create = CreateRole with Path, Description, MaxSessionDuration (its default 3600 is
  // always sent), PermissionsBoundary and Tags, then Read; Read = GetRole (its Tags feed the state),
  // ListRolePolicies and GetRolePolicy for each name (readRoleInlinePolicies), ListAttachedRolePolicies
  // (findRoleAttachedPolicies); Update = the tags first (tags_interceptor.go; tags.go roleUpdateTags:
  // UntagRole, then TagRole), then UpdateAssumeRolePolicy, UpdateRoleDescription, UpdateRole
  // (MaxSessionDuration), Put- or DeleteRolePermissionsBoundary, then Read; Delete = deleteRole:
  // ListInstanceProfilesForRole (NoSuchEntity = none) and RemoveRoleFromInstanceProfile for each;
  // with force_detach_policies (or when Read found attachments or inline policies, which it stores in
  // managed_policy_arns / inline_policy) ListAttachedRolePolicies + DetachRolePolicy each and
  // ListRolePolicies + DeleteRolePolicy each; then DeleteRole, retried on DeleteConflict, NoSuchEntity
  // taken as done.
  test('aws_iam_role (force_detach_policies, a boundary, and what other resources and EC2 tooling left on it)', async () => {
    const boundary = (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-boundary', PolicyDocument: identityPolicy(0, 's3:*') })))
      .Policy?.Arn;
    const extra =
      (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-role-extra', PolicyDocument: identityPolicy() }))).Policy?.Arn ?? '';
    const read = async () => {
      const role = (await client.send(new GetRoleCommand({ RoleName: 'tf-role' }))).Role;
      const names = (await client.send(new ListRolePoliciesCommand({ RoleName: 'tf-role' }))).PolicyNames ?? [];
      for (const name of names) await client.send(new GetRolePolicyCommand({ RoleName: 'tf-role', PolicyName: name }));
      const attached = (await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-role' }))).AttachedPolicies ?? [];
      return { role, names, attached: attached.map((a) => a.PolicyArn) };
    };
    // create
    const created = await client.send(
      new CreateRoleCommand({
        RoleName: 'tf-role',
        Path: '/',
        AssumeRolePolicyDocument: TRUST,
        Description: 'first',
        MaxSessionDuration: 3600,
        PermissionsBoundary: boundary,
        Tags: [{ Key: 'a', Value: '1' }],
      }),
    );
    assert.equal(created.Role?.Arn, `${P}:role/tf-role`);
    let state = await read();
    assert.equal(state.role?.Description, 'first');
    assert.equal(state.role?.MaxSessionDuration, 3600);
    assert.deepEqual(state.role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary });
    assert.deepEqual(state.role?.Tags, [{ Key: 'a', Value: '1' }]);
    assert.deepEqual([state.names, state.attached], [[], []]);
    // update: tags, trust, description, session length, boundary removed
    await client.send(new UntagRoleCommand({ RoleName: 'tf-role', TagKeys: ['a'] }));
    await client.send(new TagRoleCommand({ RoleName: 'tf-role', Tags: [{ Key: 'b', Value: '2' }] }));
    await client.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'tf-role',
        PolicyDocument: webIdentityTrust(subjectIs('project_path:mygroup/other:ref_type:branch:ref:main'), {
          provider: providerArn(undefined, ACCOUNT),
        }),
      }),
    );
    const described = await client.send(new UpdateRoleDescriptionCommand({ RoleName: 'tf-role', Description: 'second' }));
    assert.equal(described.Role?.Description, 'second');
    await client.send(new UpdateRoleCommand({ RoleName: 'tf-role', MaxSessionDuration: 7200 }));
    await client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'tf-role' }));
    state = await read();
    assert.equal(state.role?.Description, 'second');
    assert.equal(state.role?.MaxSessionDuration, 7200);
    assert.equal(state.role?.PermissionsBoundary, undefined);
    assert.deepEqual(state.role?.Tags, [{ Key: 'b', Value: '2' }]);
    assert.match(decodeURIComponent(state.role?.AssumeRolePolicyDocument ?? ''), /mygroup\/other/);
    // update: the boundary back
    await client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'tf-role', PermissionsBoundary: boundary }));
    state = await read();
    assert.equal(state.role?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);

    // Other resources put an inline policy and an attachment on it, EC2 tooling an instance profile;
    // the next refresh reads them.
    await client.send(new PutRolePolicyCommand({ RoleName: 'tf-role', PolicyName: 'inline', PolicyDocument: identityPolicy() }));
    await client.send(new AttachRolePolicyCommand({ RoleName: 'tf-role', PolicyArn: extra }));
    await client.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }));
    await client.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'tf-profile', RoleName: 'tf-role' }));
    state = await read();
    assert.deepEqual([state.names, state.attached], [['inline'], [extra]]);
    // What DeleteRole answers while they are there: DeleteConflict, which deleteRole retries. (Which
    // of AWS's sentences comes first when several apply is not recorded.)
    const [code, message, status] = await awsError(client.send(new DeleteRoleCommand({ RoleName: 'tf-role' })));
    assert.deepEqual([code, status], ['DeleteConflictException', 409]);
    assert.match(message ?? '', /^Cannot delete entity, must /);

    // delete
    const profiles = (await client.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'tf-role' }))).InstanceProfiles ?? [];
    assert.deepEqual(
      profiles.map((p) => [p.InstanceProfileName, p.Roles?.map((r) => r.RoleName)]),
      [['tf-profile', ['tf-role']]],
    );
    for (const profile of profiles) {
      await client.send(
        new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: profile.InstanceProfileName, RoleName: 'tf-role' }),
      );
    }
    const attachedNow = (await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-role' }))).AttachedPolicies ?? [];
    assert.deepEqual(
      attachedNow.map((a) => a.PolicyArn),
      [extra],
    );
    for (const a of attachedNow) await client.send(new DetachRolePolicyCommand({ RoleName: 'tf-role', PolicyArn: a.PolicyArn }));
    const inlineNow = (await client.send(new ListRolePoliciesCommand({ RoleName: 'tf-role' }))).PolicyNames ?? [];
    assert.deepEqual(inlineNow, ['inline']);
    for (const name of inlineNow) await client.send(new DeleteRolePolicyCommand({ RoleName: 'tf-role', PolicyName: name }));
    await client.send(new DeleteRoleCommand({ RoleName: 'tf-role' }));
    // the destroy check, and the answers deleteRole takes as "already gone"
    assert.deepEqual(await awsError(client.send(new GetRoleCommand({ RoleName: 'tf-role' }))), [
      'NoSuchEntityException',
      'The role with name tf-role cannot be found.',
      404,
    ]);
    assert.equal(
      (await awsError(client.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'tf-role' }))))[0],
      'NoSuchEntityException',
    );
    assert.equal((await awsError(client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-role' }))))[0], 'NoSuchEntityException');
    assert.equal((await awsError(client.send(new ListRolePoliciesCommand({ RoleName: 'tf-role' }))))[0], 'NoSuchEntityException');
    assert.equal((await awsError(client.send(new DeleteRoleCommand({ RoleName: 'tf-role' }))))[0], 'NoSuchEntityException');
    // The profile outlives the role, empty (instance_profile.go is another resource).
    assert.deepEqual((await client.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }))).InstanceProfile?.Roles, []);
    await client.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }));
    assert.deepEqual(await awsError(client.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tf-profile' }))), [
      'NoSuchEntityException',
      'Instance Profile tf-profile cannot be found.',
      404,
    ]);
  });

  // role_policy.go: create and update are both resourceRolePolicyPut = PutRolePolicy; on create it
  // then waits for GetRolePolicy to find it (RetryWhenNotFound) before Read; Read = GetRolePolicy;
  // Delete = DeleteRolePolicy, NoSuchEntity taken as done.
  test('aws_iam_role_policy', async () => {
    await client.send(new CreateRoleCommand({ RoleName: 'tf-inline', AssumeRolePolicyDocument: TRUST }));
    const read = () => client.send(new GetRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }));
    // create: put, wait, read
    await client.send(
      new PutRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p', PolicyDocument: identityPolicy(0, 's3:GetObject') }),
    );
    assert.equal((await read()).PolicyName, 'p');
    let got = await read();
    assert.deepEqual([got.RoleName, got.PolicyName], ['tf-inline', 'p']);
    assert.deepEqual(decoded(got.PolicyDocument), JSON.parse(identityPolicy(0, 's3:GetObject')));
    // update: put, read
    await client.send(
      new PutRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p', PolicyDocument: identityPolicy(0, 's3:PutObject') }),
    );
    got = await read();
    assert.deepEqual(decoded(got.PolicyDocument), JSON.parse(identityPolicy(0, 's3:PutObject')));
    // delete
    await client.send(new DeleteRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }));
    assert.deepEqual(await awsError(read()), ['NoSuchEntityException', 'The role policy with name p cannot be found.', 404]);
    assert.equal(
      (await awsError(client.send(new DeleteRolePolicyCommand({ RoleName: 'tf-inline', PolicyName: 'p' }))))[0],
      'NoSuchEntityException',
    );
  });

  // role_policy_attachment.go: create = AttachRolePolicy (attachPolicyToRole, retried on
  // ConcurrentModification) then Read; Read = ListAttachedRolePolicies, looking for the ARN
  // (findAttachedRolePolicyByTwoPartKey; none = gone); no update (both arguments force a new
  // resource); Delete = DetachRolePolicy (detachPolicyFromRole), NoSuchEntity taken as done.
  test('aws_iam_role_policy_attachment', async () => {
    await client.send(new CreateRoleCommand({ RoleName: 'tf-attach', AssumeRolePolicyDocument: TRUST }));
    const arn =
      (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-attached', PolicyDocument: identityPolicy() }))).Policy?.Arn ?? '';
    const read = async () =>
      ((await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-attach' }))).AttachedPolicies ?? []).filter(
        (p) => p.PolicyArn === arn,
      );
    // create
    await client.send(new AttachRolePolicyCommand({ RoleName: 'tf-attach', PolicyArn: arn }));
    assert.deepEqual(await read(), [{ PolicyName: 'tf-attached', PolicyArn: arn }]);
    // What DeleteRole answers meanwhile (role.go's deleteRole retries it until this is gone).
    assert.deepEqual(await awsError(client.send(new DeleteRoleCommand({ RoleName: 'tf-attach' }))), [
      'DeleteConflictException',
      'Cannot delete entity, must detach all policies first.',
      409,
    ]);
    // delete
    await client.send(new DetachRolePolicyCommand({ RoleName: 'tf-attach', PolicyArn: arn }));
    assert.deepEqual(await read(), []);
    assert.deepEqual(await awsError(client.send(new DetachRolePolicyCommand({ RoleName: 'tf-attach', PolicyArn: arn }))), [
      'NoSuchEntityException',
      `Policy ${arn} was not found.`,
      404,
    ]);
  });

  // policy.go: create = CreatePolicy with Path and Description (sent even when empty) and Tags, then
  // Read; Read = GetPolicy (its Tags feed the state) and GetPolicyVersion of the default version;
  // Update = the tags first (tags_interceptor.go; tags.go policyUpdateTags: UntagPolicy, then
  // TagPolicy), then, when the document changed, policyPruneVersions (ListPolicyVersions; at five,
  // DeletePolicyVersion of the oldest non-default by CreateDate) and CreatePolicyVersion with
  // SetAsDefault, then Read; Delete = ListPolicyVersions (NoSuchEntity = gone), DeletePolicyVersion of
  // each non-default, DeletePolicy, NoSuchEntity taken as done.
  test('aws_iam_policy', async () => {
    let arn = '';
    const read = async () => {
      const policy = (await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
      const version = (await client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy?.DefaultVersionId })))
        .PolicyVersion;
      return { policy, document: decoded(version?.Document) };
    };
    /** policyPruneVersions then CreatePolicyVersion; the version it deleted, if any. */
    const newDocument = async (action: string): Promise<string | undefined> => {
      const versions = (await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
      let pruned: string | undefined;
      if (versions.length >= 5) {
        let oldest: PolicyVersion | undefined;
        for (const v of versions) {
          if (!v.IsDefaultVersion && (oldest === undefined || (v.CreateDate?.getTime() ?? 0) < (oldest.CreateDate?.getTime() ?? 0)))
            oldest = v;
        }
        pruned = oldest?.VersionId;
        await client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: pruned }));
      }
      await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: identityPolicy(0, action), SetAsDefault: true }));
      return pruned;
    };
    // create
    const created = (
      await client.send(
        new CreatePolicyCommand({
          PolicyName: 'tf-policy',
          Path: '/',
          Description: '',
          PolicyDocument: identityPolicy(0, 's3:GetObject'),
          Tags: [{ Key: 'a', Value: '1' }],
        }),
      )
    ).Policy;
    arn = created?.Arn ?? '';
    assert.equal(arn, `${P}:policy/tf-policy`);
    let state = await read();
    assert.equal(state.policy?.DefaultVersionId, 'v1');
    assert.deepEqual(state.policy?.Tags, [{ Key: 'a', Value: '1' }]);
    assert.deepEqual(state.document, JSON.parse(identityPolicy(0, 's3:GetObject')));
    // update: tags and the document
    await client.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['a'] }));
    await client.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'b', Value: '2' }] }));
    assert.equal(await newDocument('s3:PutObject'), undefined);
    state = await read();
    assert.equal(state.policy?.DefaultVersionId, 'v2');
    assert.deepEqual(state.policy?.Tags, [{ Key: 'b', Value: '2' }]);
    assert.deepEqual(state.document, JSON.parse(identityPolicy(0, 's3:PutObject')));
    // three more document changes fill the five versions; the fourth prunes one first
    for (const action of ['s3:ListBucket', 's3:DeleteObject', 's3:GetBucketTagging']) assert.equal(await newDocument(action), undefined);
    const pruned = await newDocument('s3:GetObjectAcl');
    assert.ok(pruned !== undefined && pruned !== 'v5');
    const versions = (await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    assert.equal(versions.length, 5);
    assert.deepEqual(
      versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId),
      ['v6'],
    );
    assert.ok(!versions.some((v) => v.VersionId === pruned));
    state = await read();
    assert.deepEqual([state.policy?.DefaultVersionId, state.document], ['v6', JSON.parse(identityPolicy(0, 's3:GetObjectAcl'))]);
    // delete: the non-default versions first, then the policy
    for (const v of (await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? []) {
      if (!v.IsDefaultVersion) await client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }));
    }
    await client.send(new DeletePolicyCommand({ PolicyArn: arn }));
    // the destroy check, and the answers the delete takes as "already gone"
    assert.deepEqual(await awsError(client.send(new GetPolicyCommand({ PolicyArn: arn }))), [
      'NoSuchEntityException',
      `Policy ${arn} was not found.`,
      404,
    ]);
    assert.equal((await awsError(client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))))[0], 'NoSuchEntityException');
    assert.equal((await awsError(client.send(new DeletePolicyCommand({ PolicyArn: arn }))))[0], 'NoSuchEntityException');
  });

  // policy_attachment.go: create = AttachRolePolicy for each role (attachPolicyToRoles) then Read;
  // Read = ListEntitiesForPolicy with no filter (findEntitiesForPolicyByARN; no entity at all = gone,
  // NoSuchEntity = gone); Update of roles = DetachRolePolicy for each dropped role, then
  // AttachRolePolicy for each new one (updateRoles), then Read; Delete = DetachRolePolicy for each
  // role, NoSuchEntity taken as done (detachPolicyFromRole).
  test('aws_iam_policy_attachment', async () => {
    const arn =
      (await client.send(new CreatePolicyCommand({ PolicyName: 'tf-shared', PolicyDocument: identityPolicy() }))).Policy?.Arn ?? '';
    for (const name of ['tf-a', 'tf-b']) await client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
    const read = async () => {
      const out = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual([out.PolicyGroups, out.PolicyUsers, out.IsTruncated], [[], [], false]);
      return out.PolicyRoles?.map((r) => r.RoleName);
    };
    // create: roles = [tf-a]
    await client.send(new AttachRolePolicyCommand({ RoleName: 'tf-a', PolicyArn: arn }));
    assert.deepEqual(await read(), ['tf-a']);
    // update: roles = [tf-b]; detach first, then attach
    await client.send(new DetachRolePolicyCommand({ RoleName: 'tf-a', PolicyArn: arn }));
    await client.send(new AttachRolePolicyCommand({ RoleName: 'tf-b', PolicyArn: arn }));
    assert.deepEqual(await read(), ['tf-b']);
    // A role holding the policy as its boundary: the unfiltered read lists it too ("If it is not
    // included, all policies are returned", PolicyUsageFilter in API_ListEntitiesForPolicy), so the
    // next refresh would see it among the roles; the PermissionsBoundary filter lists it alone.
    await client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'tf-a', PermissionsBoundary: arn }));
    assert.deepEqual(await read(), ['tf-a', 'tf-b']);
    const boundaries = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' }));
    assert.deepEqual(
      boundaries.PolicyRoles?.map((r) => r.RoleName),
      ['tf-a'],
    );
    await client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'tf-a' }));
    // delete
    await client.send(new DetachRolePolicyCommand({ RoleName: 'tf-b', PolicyArn: arn }));
    // a refresh now finds no entity (the resource is gone), and a deleted policy answers NoSuchEntity
    assert.deepEqual(await read(), []);
    assert.deepEqual(await awsError(client.send(new ListEntitiesForPolicyCommand({ PolicyArn: `${P}:policy/nope` }))), [
      'NoSuchEntityException',
      `Policy ${P}:policy/nope was not found.`,
      404,
    ]);
  });

  // Not in any sequence above: policy.go reads tags from GetPolicy, yet ListPolicyTags is the call
  // the tagging interceptor falls back to (tags_interceptor.go, when a Read sets no tags).
  test("ListPolicyTags answers like GetPolicy's Tags, and NoSuchEntity for a missing policy", async () => {
    const arn =
      (
        await client.send(
          new CreatePolicyCommand({ PolicyName: 'tf-tagged', PolicyDocument: identityPolicy(), Tags: [{ Key: 'k', Value: 'v' }] }),
        )
      ).Policy?.Arn ?? '';
    assert.deepEqual((await client.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'k', Value: 'v' }]);
    await client.send(new DeletePolicyCommand({ PolicyArn: arn }));
    assert.equal((await awsError(client.send(new ListPolicyTagsCommand({ PolicyArn: arn }))))[0], 'NoSuchEntityException');
  });
});
