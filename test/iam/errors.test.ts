/**
 * IAM error cases, each with AWS's code, HTTP status and message byte for byte, driven through
 * the handlers with QueryParams on SQLite and PostgreSQL. Each case cites its source:
 * "LS:<file>" = a real-AWS snapshot recorded by LocalStack in localstack/localstack
 * tests/aws/services/iam/<file>.snapshot.json (2026); "[model]" = botocore/data/iam/2010-05-08/service-2.json;
 * quotas from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html.
 * After every error the account's whole state is compared with what it was before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsError } from '../../src/aws/error.js';
import type { Store } from '../../src/store/store.js';
import { allBackends, freshStore } from '../store/backends.js';
import { ACCOUNT, accountState, iamHarness, identityPolicy, list, tags, TRUST, type IamHarness, type Params } from './harness.js';

const P = `arn:aws:iam::${ACCOUNT}`;
const IDENTITY = identityPolicy();

interface ErrorCase {
  name: string;
  action: string;
  params: Params;
  code: string;
  status: number;
  message: string;
}

const manyTags = (n: number) => tags(Array.from({ length: n }, (_, i) => [`k${i}`, 'v'] as const));

const cases: ErrorCase[] = [
  // --- OIDC providers -------------------------------------------------------------------
  {
    // LS:test_iam_oidc: Url=example.org
    name: 'provider URL without https',
    action: 'CreateOpenIDConnectProvider',
    params: { Url: 'example.org', ...list('ThumbprintList', ['a'.repeat(40)]) },
    code: 'ValidationError', status: 400, message: 'Invalid Open ID Connect Provider URL',
  },
  {
    // query parameters are not allowed
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html)
    name: 'provider URL with a query',
    action: 'CreateOpenIDConnectProvider',
    params: { Url: 'https://gitlab.example.com/?x=1', ...list('ThumbprintList', ['a'.repeat(40)]) },
    code: 'ValidationError', status: 400, message: 'Invalid Open ID Connect Provider URL',
  },
  {
    // LS:test_iam_oidc: 6 thumbprints
    name: 'six thumbprints',
    action: 'CreateOpenIDConnectProvider',
    params: { Url: 'https://six.example.com', ...list('ThumbprintList', Array.from({ length: 6 }, () => 'b'.repeat(40))) },
    code: 'InvalidInput', status: 400, message: 'Thumbprint list must contain fewer than 5 entries.',
  },
  {
    // LS:test_iam_oidc: 101 client ids
    name: '101 client ids',
    action: 'CreateOpenIDConnectProvider',
    params: {
      Url: 'https://many.example.com',
      ...list('ClientIDList', Array.from({ length: 101 }, (_, i) => `client-${i}`)),
      ...list('ThumbprintList', ['a'.repeat(40)]),
    },
    code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
  },
  {
    // LS:test_iam_oidc: three length violations, members in alphabetical order
    name: 'provider lengths',
    action: 'CreateOpenIDConnectProvider',
    params: { Url: `https://${'a'.repeat(248)}`, ...list('ClientIDList', ['']), ...list('ThumbprintList', ['short']) },
    code: 'ValidationError', status: 400,
    message:
      "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; ' +
      "Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; ' +
      "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255",
  },
  {
    // LS:test_iam_oidc: duplicate provider
    name: 'duplicate provider',
    action: 'CreateOpenIDConnectProvider',
    params: { Url: 'https://oidc-dup.example.com', ...list('ThumbprintList', ['a'.repeat(40)]) },
    code: 'EntityAlreadyExists', status: 409, message: 'Provider with url https://oidc-dup.example.com already exists.',
  },
  {
    // the STS "Value null at" form, with IAM's omitted value (LS:test_iam_oidc)
    name: 'provider without Url',
    action: 'CreateOpenIDConnectProvider',
    params: list('ThumbprintList', ['a'.repeat(40)]),
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'url' failed to satisfy constraint: Member must not be null",
  },
  {
    // LS:test_iam_oidc: GetOpenIDConnectProvider not found
    name: 'get a missing provider',
    action: 'GetOpenIDConnectProvider',
    params: { OpenIDConnectProviderArn: `${P}:oidc-provider/non-existent.example.com` },
    code: 'NoSuchEntity', status: 404,
    message: `OpenIDConnect Provider not found for arn ${P}:oidc-provider/non-existent.example.com`,
  },
  {
    // LS:test_iam_oidc: a second DeleteOpenIDConnectProvider ("OpenId connect Provider")
    name: 'delete a missing provider',
    action: 'DeleteOpenIDConnectProvider',
    params: { OpenIDConnectProviderArn: `${P}:oidc-provider/gone.example.com` },
    code: 'NoSuchEntity', status: 404, message: `OpenId connect Provider ${P}:oidc-provider/gone.example.com cannot be found.`,
  },
  {
    // LS:test_iam_oidc: too many tags
    name: 'tagging a provider past 50 tags',
    action: 'TagOpenIDConnectProvider',
    params: { OpenIDConnectProviderArn: `${P}:oidc-provider/tags50.example.com`, ...tags([['one-more', 'v']]) },
    code: 'LimitExceeded', status: 409, message: 'The number of tags has reached the maximum limit.',
  },
  {
    // UpdateOpenIDConnectProviderThumbprint, maximum 5 (same message as Create)
    name: 'six thumbprints on update',
    action: 'UpdateOpenIDConnectProviderThumbprint',
    params: { OpenIDConnectProviderArn: `${P}:oidc-provider/oidc-dup.example.com`, ...list('ThumbprintList', Array.from({ length: 6 }, () => 'c'.repeat(40))) },
    code: 'InvalidInput', status: 400, message: 'Thumbprint list must contain fewer than 5 entries.',
  },
  {
    // AddClientIDToOpenIDConnectProvider, clientIDType 1..255 [model]
    name: 'empty client id',
    action: 'AddClientIDToOpenIDConnectProvider',
    params: { OpenIDConnectProviderArn: `${P}:oidc-provider/oidc-dup.example.com`, ClientID: '' },
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'clientID' failed to satisfy constraint: Member must have length greater than or equal to 1",
  },

  // --- roles ----------------------------------------------------------------------------
  {
    // LS:test_iam_roles: EntityAlreadyExists
    name: 'duplicate role',
    action: 'CreateRole',
    params: { RoleName: 'deploy', AssumeRolePolicyDocument: TRUST },
    code: 'EntityAlreadyExists', status: 409, message: 'Role with name deploy already exists.',
  },
  {
    // Names are unique case-insensitively; the message echoes the requested name
    name: 'duplicate role in another case',
    action: 'CreateRole',
    params: { RoleName: 'DEPLOY', AssumeRolePolicyDocument: TRUST },
    code: 'EntityAlreadyExists', status: 409, message: 'Role with name DEPLOY already exists.',
  },
  {
    // LS:test_iam_roles: more than 50 tags
    name: 'role with 51 tags',
    action: 'CreateRole',
    params: { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, ...manyTags(51) },
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
  },
  {
    // LS:test_iam_roles: duplicate tag keys (case-insensitive for roles)
    name: 'role tags differing only in case',
    action: 'CreateRole',
    params: { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, ...tags([['Env', 'a'], ['env', 'b']]) },
    code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  },
  {
    // LS:test_iam_roles: tag key length
    name: 'role tag key of 129 characters',
    action: 'CreateRole',
    params: { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, ...tags([['k'.repeat(129), 'v']]) },
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
  },
  {
    // LS:test_iam_roles: tag value length
    name: 'role tag value of 257 characters',
    action: 'CreateRole',
    params: { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, ...tags([['k', 'v'.repeat(257)]]) },
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256",
  },
  {
    // LS:test_iam_roles and LS:test_iam_policies (err-invalid-character)
    name: 'role tag key with a forbidden character',
    action: 'CreateRole',
    params: { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, ...tags([['bad!key', 'v']]) },
    code: 'ValidationError', status: 400,
    message:
      "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
  },
  {
    // LS:test_iam_roles: invalid permissions boundary
    name: 'boundary that is not a policy ARN',
    action: 'CreateRole',
    params: { RoleName: 'bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: `${P}:not_a_policy/invalid` },
    code: 'InvalidInput', status: 400, message: `ARN ${P}:not_a_policy/invalid is not valid.`,
  },
  {
    // LS:test_iam_roles: missing permissions boundary
    name: 'boundary that does not exist',
    action: 'CreateRole',
    params: { RoleName: 'bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: `${P}:policy/nonexistent-policy` },
    code: 'NoSuchEntity', status: 404, message: `Scope ARN: ${P}:policy/nonexistent-policy does not exist or is not attachable.`,
  },
  {
    // CreateRole trust-policy validation (LS:test_iam_roles)
    name: 'trust policy that is not JSON',
    action: 'CreateRole',
    params: { RoleName: 'broken', AssumeRolePolicyDocument: 'not json' },
    code: 'MalformedPolicyDocument', status: 400, message: 'This policy contains invalid Json',
  },
  {
    // CreateRole trust-policy validation (LS:test_iam_roles) (no final period)
    name: 'trust policy with a Resource',
    action: 'UpdateAssumeRolePolicy',
    params: { RoleName: 'deploy', PolicyDocument: TRUST.replace('"Action":', '"Resource":"*","Action":') },
    code: 'MalformedPolicyDocument', status: 400, message: 'Has prohibited field Resource',
  },
  {
    // CreateRole trust-policy validation (LS:test_iam_roles)
    name: 'trust policy granting a non-STS action',
    action: 'CreateRole',
    params: { RoleName: 'broken', AssumeRolePolicyDocument: TRUST.replace('sts:AssumeRoleWithWebIdentity', 's3:GetObject') },
    code: 'MalformedPolicyDocument', status: 400, message: 'AssumeRole policy may only specify STS AssumeRole actions.',
  },
  {
    // A malformed Federated principal is refused at CreateRole time
    name: 'trust policy with a malformed Federated principal',
    action: 'CreateRole',
    params: { RoleName: 'broken', AssumeRolePolicyDocument: TRUST.replace(`${P}:oidc-provider/gitlab.example.com`, 'not an arn') },
    code: 'MalformedPolicyDocument', status: 400, message: 'Federated principals must be valid domain names or SAML metadata ARNs',
  },
  {
    // LS:test_iam_roles, GetRole
    name: 'get a missing role',
    action: 'GetRole',
    params: { RoleName: 'test-nonexistent-role' },
    code: 'NoSuchEntity', status: 404, message: 'The role with name test-nonexistent-role cannot be found.',
  },
  {
    // UpdateRole uses GetRole's text for a missing role
    name: 'update a missing role',
    action: 'UpdateRole',
    params: { RoleName: 'nope', MaxSessionDuration: '7200' },
    code: 'NoSuchEntity', status: 404, message: 'The role with name nope cannot be found.',
  },
  {
    // roleNameType max 64 [model]; 2019 in-the-wild capture (CloudFormation) for the sentence, IAM
    // omits the value (LS:test_iam_oidc)
    name: 'role name of 65 characters',
    action: 'CreateRole',
    params: { RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: TRUST },
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64",
  },
  {
    // MaxSessionDuration 3600..43200 [model]; STS ValidationError wording
    name: 'max session duration below an hour',
    action: 'CreateRole',
    params: { RoleName: 'short', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: '3599' },
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
  },
  {
    // MaxSessionDuration at most 43200 [model]
    name: 'max session duration above 12 hours',
    action: 'UpdateRole',
    params: { RoleName: 'deploy', MaxSessionDuration: '43201' },
    code: 'ValidationError', status: 400,
    message: "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
  },
  {
    // DeleteRole (LS:test_iam_roles): managed policies still attached
    name: 'delete a role with an attached policy',
    action: 'DeleteRole',
    params: { RoleName: 'attached' },
    code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must detach all policies first.',
  },
  {
    // DeleteRole (LS:test_iam_roles): inline policies still present
    name: 'delete a role with an inline policy',
    action: 'DeleteRole',
    params: { RoleName: 'inline' },
    code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete policies first.',
  },
  {
    // LS:test_iam_policies err-untag-large-key (same tagKeyListType for roles)
    name: 'untag with a key of 129 characters',
    action: 'UntagRole',
    params: { RoleName: 'deploy', ...list('TagKeys', ['k'.repeat(129)]) },
    code: 'ValidationError', status: 400,
    message:
      "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: " +
      '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, ' +
      'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]',
  },

  // --- inline policies ------------------------------------------------------------------
  {
    // PutRolePolicy/GetRolePolicy (LS:test_iam_roles): missing policy
    name: 'get a missing inline policy',
    action: 'GetRolePolicy',
    params: { RoleName: 'deploy', PolicyName: 'absent' },
    code: 'NoSuchEntity', status: 404, message: 'The role policy with name absent cannot be found.',
  },
  {
    // Size quota (aws-amplify/amplify-backend#2615)
    name: 'inline policies over 10240 characters together',
    action: 'PutRolePolicy',
    params: { RoleName: 'big', PolicyName: 'second', PolicyDocument: identityPolicy(4500) },
    code: 'LimitExceeded', status: 409, message: 'Maximum policy size of 10240 bytes exceeded for role big',
  },
  {
    // PutRolePolicy on a missing role uses GetRole's text
    name: 'inline policy on a missing role',
    action: 'PutRolePolicy',
    params: { RoleName: 'ghost', PolicyName: 'p', PolicyDocument: IDENTITY },
    code: 'NoSuchEntity', status: 404, message: 'The role with name ghost cannot be found.',
  },

  // --- managed policies -----------------------------------------------------------------
  {
    // LS:test_iam_policies policy-already-exists
    name: 'duplicate managed policy',
    action: 'CreatePolicy',
    params: { PolicyName: 'team-read', PolicyDocument: IDENTITY },
    code: 'EntityAlreadyExists', status: 409, message: 'A policy called team-read already exists. Duplicate names are not allowed.',
  },
  {
    // LS:test_iam_policies test_create_policy_invalid_document[invalid-1]
    name: 'managed policy without Version',
    action: 'CreatePolicy',
    params: { PolicyName: 'old', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    code: 'MalformedPolicyDocument', status: 400, message: 'Policy document must be version 2012-10-17 or greater.',
  },
  {
    // LS:test_iam_policies err-duplicate-keys (policies: case-sensitive keys, shorter message)
    name: 'managed policy with a duplicate tag key',
    action: 'CreatePolicy',
    params: { PolicyName: 'tagged', PolicyDocument: IDENTITY, ...tags([['k', '1'], ['k', '2']]) },
    code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found.',
  },
  {
    // LS:test_iam_policies err-version-limit-exceeded
    name: 'a sixth policy version',
    action: 'CreatePolicyVersion',
    params: { PolicyArn: `${P}:policy/five-versions`, PolicyDocument: IDENTITY },
    code: 'LimitExceeded', status: 409,
    message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
  },
  {
    // LS:test_iam_policies err-delete-default-version
    name: 'delete the default version',
    action: 'DeletePolicyVersion',
    params: { PolicyArn: `${P}:policy/five-versions`, VersionId: 'v1' },
    code: 'DeleteConflict', status: 409, message: 'Cannot delete the default version of a policy.',
  },
  {
    // LS:test_iam_policies err-get-nonexistent-version
    name: 'get a missing version',
    action: 'GetPolicyVersion',
    params: { PolicyArn: `${P}:policy/team-read`, VersionId: 'v9' },
    code: 'NoSuchEntity', status: 404, message: `Policy ${P}:policy/team-read version v9 does not exist or is not attachable.`,
  },
  {
    // LS:test_iam_policies err-set-default-nonexistent-policy
    name: 'set the default version of a missing policy',
    action: 'SetDefaultPolicyVersion',
    params: { PolicyArn: `${P}:policy/TestNonExistingPolicy`, VersionId: 'v1' },
    code: 'NoSuchEntity', status: 404, message: `Policy ${P}:policy/TestNonExistingPolicy version v1 does not exist or is not attachable.`,
  },
  {
    // LS:test_iam_managed_policies get-version-error / LS:test_iam_policies err-set-default-invalid-version-format
    name: 'malformed version id',
    action: 'GetPolicyVersion',
    params: { PolicyArn: `${P}:policy/team-read`, VersionId: 'version1' },
    code: 'ValidationError', status: 400,
    message:
      "1 validation error detected: Value at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
  },
  {
    // LS:test_iam_policies err-tag-nonexistent-policy (the same "was not found" text)
    name: 'get a missing managed policy',
    action: 'GetPolicy',
    params: { PolicyArn: `${P}:policy/NotAPolicy` },
    code: 'NoSuchEntity', status: 404, message: `Policy ${P}:policy/NotAPolicy was not found.`,
  },

  // --- attachments ----------------------------------------------------------------------
  {
    // AttachRolePolicy (LS:test_iam_roles): missing policy
    name: 'attach a missing policy',
    action: 'AttachRolePolicy',
    params: { RoleName: 'deploy', PolicyArn: `${P}:policy/nonexistent-policy` },
    code: 'NoSuchEntity', status: 404, message: `Policy ${P}:policy/nonexistent-policy does not exist or is not attachable.`,
  },
  {
    // DetachRolePolicy (LS:test_iam_roles): not attached
    name: 'detach a policy that is not attached',
    action: 'DetachRolePolicy',
    params: { RoleName: 'deploy', PolicyArn: `${P}:policy/team-read` },
    code: 'NoSuchEntity', status: 404, message: `Policy ${P}:policy/team-read was not found.`,
  },
  {
    // AttachRolePolicy (LS:test_iam_roles): bad ARN
    name: 'attach with something that is not an ARN',
    action: 'AttachRolePolicy',
    params: { RoleName: 'deploy', PolicyArn: 'longpolicynamebutnoarn' },
    code: 'ValidationError', status: 400, message: 'ARN longpolicynamebutnoarn is not valid.',
  },
];

async function seed(iam: IamHarness): Promise<void> {
  const thumb = list('ThumbprintList', ['a'.repeat(40)]);
  await iam.call('CreateOpenIDConnectProvider', { Url: 'https://oidc-dup.example.com', ...list('ClientIDList', ['sts.amazonaws.com']), ...thumb });
  await iam.call('CreateOpenIDConnectProvider', { Url: 'https://tags50.example.com', ...thumb, ...manyTags(50) });
  for (const name of ['deploy', 'attached', 'inline', 'big']) await iam.call('CreateRole', { RoleName: name, AssumeRolePolicyDocument: TRUST });
  await iam.call('CreatePolicy', { PolicyName: 'team-read', PolicyDocument: IDENTITY });
  await iam.call('AttachRolePolicy', { RoleName: 'attached', PolicyArn: `${P}:policy/team-read` });
  await iam.call('PutRolePolicy', { RoleName: 'inline', PolicyName: 'inline-policy', PolicyDocument: IDENTITY });
  await iam.call('PutRolePolicy', { RoleName: 'big', PolicyName: 'first', PolicyDocument: identityPolicy(6000) });
  await iam.call('CreatePolicy', { PolicyName: 'five-versions', PolicyDocument: IDENTITY });
  for (let v = 2; v <= 5; v++) await iam.call('CreatePolicyVersion', { PolicyArn: `${P}:policy/five-versions`, PolicyDocument: identityPolicy(0, `s3:Get${v}`) });
}

for (const backend of allBackends()) {
  describe(`IAM errors, byte for byte (${backend.name})`, () => {
    let store: Store;
    let iam: IamHarness;
    before(async () => {
      store = (await freshStore(backend)).store;
      iam = iamHarness(store);
      await seed(iam);
    });
    after(async () => {
      await store.close();
      await backend.cleanup();
    });

    it('covers at least 30 cases', () => assert.ok(cases.length >= 30));

    for (const c of cases) {
      it(`${c.action}: ${c.name}`, async () => {
        const before = await accountState(store);
        await assert.rejects(iam.call(c.action, c.params), (err: unknown) => {
          assert.ok(err instanceof AwsError, `expected AwsError, got ${String(err)}`);
          assert.deepEqual({ code: err.code, status: err.status, message: err.message }, { code: c.code, status: c.status, message: c.message });
          return true;
        });
        assert.deepEqual(await accountState(store), before, 'a refused call changed state');
      });
    }
  });
}
