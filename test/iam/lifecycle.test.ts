/**
 * IAM's happy paths through the handlers, on SQLite and PostgreSQL: what each action returns
 * (members and their order, LocalStack's real-AWS snapshots), pagination, URL-encoded documents, and that state
 * survives a reopen.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AwsError } from '../../src/aws/error.js';
import { encodePolicyDocument } from '../../src/aws/policy-document.js';
import type { WireStruct } from '../../src/aws/shape.js';
import { createPolicySourceLookup } from '../../src/iam/policy-source.js';
import { openStore } from '../../src/store/open.js';
import { allBackends, freshStore } from '../store/backends.js';
import { ACCOUNT, NOW, iamHarness, identityPolicy, list, tags, TRUST } from './harness.js';
import { MAIN_SUB } from '../support/gitlab.js';
import { providerArn, subjectIs, webIdentityTrust } from '../support/trust-policy.js';

const P = `arn:aws:iam::${ACCOUNT}`;
const IDENTITY = identityPolicy();

function struct(value: unknown): WireStruct {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value));
  return value as WireStruct;
}

/** The members that go on the wire (undefined ones are left out by the encoder), in order. */
function members(value: unknown): string[] {
  return Object.entries(struct(value)).filter(([, v]) => v !== undefined).map(([k]) => k);
}

for (const backend of allBackends()) {
  describe(`IAM lifecycle (${backend.name})`, () => {
    after(() => backend.cleanup());

    it('creates, reads, lists, updates and deletes OIDC providers', async () => {
      const { store } = await freshStore(backend);
      const fetched: string[] = [];
      const iam = iamHarness(store, {
        fetchThumbprint: async (url) => {
          fetched.push(url);
          return 'f'.repeat(40);
        },
      });
      try {
        const created = await iam.call('CreateOpenIDConnectProvider', {
          Url: 'https://localhost:8443/gitlab/',
          ...list('ClientIDList', ['https://localhost:8443/gitlab', 'https://localhost:8443/gitlab']),
          ...tags([['b', '2'], ['a', '1']]),
        });
        // Issuer URLs may carry a port; the ARN keeps host:port and the trailing slash (README, "Condition keys";
        // test_iam_oidc.snapshot.json).
        const arn = `${P}:oidc-provider/localhost:8443/gitlab/`;
        assert.deepEqual(created, { OpenIDConnectProviderArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
        assert.deepEqual(fetched, ['https://localhost:8443/gitlab/']);

        const got = await iam.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
        assert.deepEqual(members(got), ['Url', 'ClientIDList', 'ThumbprintList', 'CreateDate', 'Tags']);
        assert.deepEqual(got, {
          Url: 'localhost:8443/gitlab/',
          ClientIDList: ['https://localhost:8443/gitlab'],
          ThumbprintList: ['f'.repeat(40)],
          CreateDate: NOW,
          Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }],
        });

        await iam.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' });
        await iam.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' });
        await iam.call('RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'absent' });
        await iam.call('UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ...list('ThumbprintList', ['1'.repeat(40), '2'.repeat(40)]) });
        await iam.call('TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ...tags([['A', 'x'], ['c', '3']]) });
        await iam.call('UntagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ...list('TagKeys', ['b']) });
        const provider = await store.getOidcProvider(arn);
        assert.deepEqual(provider?.clientIds, ['https://localhost:8443/gitlab', 'sts.amazonaws.com']);
        assert.deepEqual(provider?.thumbprints, ['1'.repeat(40), '2'.repeat(40)]);
        // Keys are case-insensitive for providers: tagging "A" replaced "a".
        assert.deepEqual(provider?.tags, [{ key: 'A', value: 'x' }, { key: 'c', value: '3' }]);

        const page1 = await iam.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn, MaxItems: '1' });
        assert.deepEqual(struct(page1).Tags, [{ Key: 'A', Value: 'x' }]);
        assert.equal(struct(page1).IsTruncated, true);
        const page2 = await iam.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn, Marker: String(struct(page1).Marker) });
        assert.deepEqual(page2, { Tags: [{ Key: 'c', Value: '3' }], IsTruncated: false });

        assert.deepEqual(await iam.call('ListOpenIDConnectProviders'), { OpenIDConnectProviderList: [{ Arn: arn }] });
        assert.equal(await iam.call('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }), undefined);
        assert.deepEqual(await iam.call('ListOpenIDConnectProviders'), { OpenIDConnectProviderList: [] });
      } finally {
        await store.close();
      }
    });

    it('fails like AWS when the issuer cannot be probed for a thumbprint', async () => {
      const { store } = await freshStore(backend);
      try {
        const iam = iamHarness(store);
        await assert.rejects(iam.call('CreateOpenIDConnectProvider', { Url: 'https://unreachable.example.com' }), (err: unknown) => {
          assert.ok(err instanceof AwsError);
          assert.equal(err.code, 'OpenIdIdpCommunicationError');
          assert.equal(err.status, 400);
          return true;
        });
        assert.equal(await store.countOidcProviders(ACCOUNT), 0);
      } finally {
        await store.close();
      }
    });

    it('keeps static JWKS for a provider, for admins only', async () => {
      const { store } = await freshStore(backend);
      try {
        const iam = iamHarness(store);
        await iam.call('CreateOpenIDConnectProvider', { Url: 'https://air-gapped.example.com', ...list('ThumbprintList', ['a'.repeat(40)]) });
        const arn = `${P}:oidc-provider/air-gapped.example.com`;
        const jwks = JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k1', n: 'AQAB', e: 'AQAB' }] });
        await iam.call('SetOpenIDConnectProviderStaticKeys', { OpenIDConnectProviderArn: arn, Jwks: jwks });
        assert.equal((await store.findOidcProviderByUrl(ACCOUNT, 'https://air-gapped.example.com'))?.staticJwks, jwks);

        await assert.rejects(iam.call('SetOpenIDConnectProviderStaticKeys', { OpenIDConnectProviderArn: arn, Jwks: '{"keys":"no"}' }), /JSON Web Key Set/);
        const session = {
          kind: 'assumed-role' as const, accountId: ACCOUNT, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
          userId: 'AROAAAAAAAAAAAAAAAAAA:s', roleName: 'r', roleArn: `${P}:role/r`, sessionName: 's', sessionPolicies: [], expiresAt: NOW,
        };
        await assert.rejects(iam.call('SetOpenIDConnectProviderStaticKeys', { OpenIDConnectProviderArn: arn, Jwks: '' }, session), (err: unknown) => {
          assert.ok(err instanceof AwsError && err.code === 'AccessDenied' && err.status === 403);
          return true;
        });
        await iam.call('SetOpenIDConnectProviderStaticKeys', { OpenIDConnectProviderArn: arn });
        assert.equal((await store.getOidcProvider(arn))?.staticJwks, null);
      } finally {
        await store.close();
      }
    });

    it('returns roles with exactly the members each action carries', async () => {
      const { store, url, masterKey } = await freshStore(backend);
      try {
        const iam = iamHarness(store);
        await iam.call('CreatePolicy', { PolicyName: 'boundary', PolicyDocument: IDENTITY });
        const created = struct(
          struct(
            await iam.call('CreateRole', {
              RoleName: 'gitlab-deploy',
              Path: '/ci/',
              AssumeRolePolicyDocument: TRUST,
              Description: 'deploys',
              MaxSessionDuration: '7200',
              PermissionsBoundary: `${P}:policy/boundary`,
              ...tags([['team', 'platform']]),
            }),
          ).Role,
        );
        // test_iam_roles.snapshot.json: no MaxSessionDuration and no RoleLastUsed in CreateRole's response;
        // and, as a recorded AWS response shows (issue 13), no Description although one was given.
        assert.deepEqual(members(created), [
          'Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'PermissionsBoundary', 'Tags',
        ]);
        assert.equal(created.Arn, `${P}:role/ci/gitlab-deploy`);
        assert.match(String(created.RoleId), /^AROA[A-Z2-7]{17}$/);
        assert.equal(created.AssumeRolePolicyDocument, encodePolicyDocument(TRUST));
        assert.equal(decodeURIComponent(String(created.AssumeRolePolicyDocument)), TRUST);
        assert.deepEqual(created.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `${P}:policy/boundary` });

        const got = struct(struct(await iam.call('GetRole', { RoleName: 'GITLAB-DEPLOY' })).Role);
        assert.deepEqual(members(got), [
          'Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Description', 'MaxSessionDuration',
          'PermissionsBoundary', 'Tags', 'RoleLastUsed',
        ]);
        assert.equal(got.MaxSessionDuration, 7200);
        assert.deepEqual(got.RoleLastUsed, {});

        await iam.call('CreateRole', { RoleName: 'a-first', AssumeRolePolicyDocument: TRUST });
        await iam.call('CreateRole', { RoleName: 'Zed', AssumeRolePolicyDocument: TRUST });
        const listed = struct(await iam.call('ListRoles', { MaxItems: '2' }));
        const items = (listed.Roles as WireStruct[]).map((r) => r.RoleName);
        assert.deepEqual(items, ['a-first', 'gitlab-deploy']);
        assert.deepEqual(members((listed.Roles as WireStruct[])[1]), [
          'Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Description', 'MaxSessionDuration',
        ]);
        const rest = struct(await iam.call('ListRoles', { Marker: String(listed.Marker) }));
        assert.deepEqual((rest.Roles as WireStruct[]).map((r) => r.RoleName), ['Zed']);
        assert.equal(rest.IsTruncated, false);
        assert.deepEqual(
          (struct(await iam.call('ListRoles', { PathPrefix: '/ci/' })).Roles as WireStruct[]).map((r) => r.RoleName),
          ['gitlab-deploy'],
        );

        assert.deepEqual(await iam.call('UpdateRole', { RoleName: 'Zed', Description: 'z', MaxSessionDuration: '43200' }), {});
        const other = webIdentityTrust(subjectIs(MAIN_SUB, 'other.example.com'), { provider: providerArn('other.example.com', ACCOUNT) });
        await iam.call('UpdateAssumeRolePolicy', { RoleName: 'Zed', PolicyDocument: other });
        await iam.call('TagRole', { RoleName: 'Zed', ...tags([['k', 'v'], ['x', 'y']]) });
        await iam.call('UntagRole', { RoleName: 'Zed', ...list('TagKeys', ['X']) });
        assert.deepEqual(await iam.call('ListRoleTags', { RoleName: 'Zed' }), { Tags: [{ Key: 'k', Value: 'v' }], IsTruncated: false });
        const zed = await store.getRole(ACCOUNT, 'zed');
        assert.equal(zed?.description, 'z');
        assert.equal(zed?.maxSessionDuration, 43200);
        assert.equal(zed?.assumeRolePolicyDocument, other);

        assert.equal(await iam.call('DeleteRole', { RoleName: 'a-first' }), undefined);
        await store.close();
        // Durable across a reopen.
        const reopened = await openStore(url, masterKey);
        try {
          assert.deepEqual((await reopened.listRoles(ACCOUNT)).map((r) => r.roleName), ['gitlab-deploy', 'Zed']);
        } finally {
          await reopened.close();
        }
      } catch (err) {
        await store.close().catch(() => undefined);
        throw err;
      }
    });

    it('manages policies, versions and attachments, and exposes them to authorisation', async () => {
      const { store } = await freshStore(backend);
      try {
        const iam = iamHarness(store);
        await iam.call('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST });
        await iam.call('PutRolePolicy', { RoleName: 'app', PolicyName: 'inline', PolicyDocument: IDENTITY });
        assert.deepEqual(await iam.call('GetRolePolicy', { RoleName: 'app', PolicyName: 'inline' }), {
          RoleName: 'app', PolicyName: 'inline', PolicyDocument: encodePolicyDocument(IDENTITY),
        });
        assert.deepEqual(await iam.call('ListRolePolicies', { RoleName: 'app' }), { PolicyNames: ['inline'], IsTruncated: false });

        const created = struct(
          struct(await iam.call('CreatePolicy', { PolicyName: 'read', Path: '/team/', PolicyDocument: IDENTITY, Description: 'd' })).Policy,
        );
        const arn = `${P}:policy/team/read`;
        // LS:test_iam_policies create-policy-response: no Description, no Tags when none were given.
        assert.deepEqual(members(created), [
          'PolicyName', 'PolicyId', 'Arn', 'Path', 'DefaultVersionId', 'AttachmentCount', 'PermissionsBoundaryUsageCount',
          'IsAttachable', 'CreateDate', 'UpdateDate',
        ]);
        assert.equal(created.Arn, arn);
        assert.match(String(created.PolicyId), /^ANPA[A-Z2-7]{17}$/);

        const v2doc = identityPolicy(0, 's3:PutObject');
        assert.deepEqual(await iam.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: v2doc, SetAsDefault: 'true' }), {
          PolicyVersion: { VersionId: 'v2', IsDefaultVersion: true, CreateDate: NOW },
        });
        assert.deepEqual(await iam.call('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v2' }), {
          PolicyVersion: { Document: encodePolicyDocument(v2doc), VersionId: 'v2', IsDefaultVersion: true, CreateDate: NOW },
        });
        const versions = struct(await iam.call('ListPolicyVersions', { PolicyArn: arn }));
        assert.deepEqual((versions.Versions as WireStruct[]).map((v) => [v.VersionId, v.IsDefaultVersion]), [['v2', true], ['v1', false]]);

        await iam.call('AttachRolePolicy', { RoleName: 'app', PolicyArn: arn });
        await iam.call('AttachRolePolicy', { RoleName: 'app', PolicyArn: arn });
        assert.deepEqual(await iam.call('ListAttachedRolePolicies', { RoleName: 'app' }), {
          AttachedPolicies: [{ PolicyName: 'read', PolicyArn: arn }], IsTruncated: false,
        });
        const got = struct(struct(await iam.call('GetPolicy', { PolicyArn: arn })).Policy);
        assert.equal(got.AttachmentCount, 1);
        assert.equal(got.Description, 'd');
        assert.deepEqual(got.Tags, []);
        assert.deepEqual(
          (struct(await iam.call('ListPolicies', { OnlyAttached: 'true', Scope: 'Local' })).Policies as WireStruct[]).map((p) => p.Arn),
          [arn],
        );

        const role = await store.getRole(ACCOUNT, 'app');
        const lookup = createPolicySourceLookup(store);
        assert.deepEqual(await lookup(role!.arn), {
          identityPolicies: [
            { id: 'inline', type: 'role', document: IDENTITY },
            { id: arn, type: 'user-managed', document: v2doc },
          ],
          trustPolicy: TRUST,
        });
        assert.equal(await lookup(`${P}:role/none`), undefined);

        // The simulator is in the same action table and reads the role's policies from the store.
        const simulated = struct(
          await iam.call('SimulatePrincipalPolicy', { PolicySourceArn: role!.arn, ...list('ActionNames', ['s3:PutObject', 'iam:CreateRole']) }),
        );
        assert.deepEqual(
          (simulated.EvaluationResults as WireStruct[]).map((r) => [r.EvalActionName, r.EvalDecision]),
          [['s3:PutObject', 'allowed'], ['iam:CreateRole', 'implicitDeny']],
        );
        assert.equal(await store.getManagedPolicyDocument(arn), v2doc);

        await iam.call('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
        await iam.call('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
        await iam.call('DetachRolePolicy', { RoleName: 'app', PolicyArn: arn });
        await iam.call('DeleteRolePolicy', { RoleName: 'app', PolicyName: 'inline' });
        await iam.call('DeletePolicy', { PolicyArn: arn });
        await iam.call('DeleteRole', { RoleName: 'app' });
        assert.equal(await store.countRoles(ACCOUNT), 0);
        assert.equal(await store.countManagedPolicies(ACCOUNT), 0);
      } finally {
        await store.close();
      }
    });
  });
}
