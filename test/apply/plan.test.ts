import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/apply/config.js';
import type { CurrentState } from '../../src/apply/current.js';
import { buildPlan, sameDocument, type Plan } from '../../src/apply/plan.js';
import { renderPlan } from '../../src/apply/render.js';
import { LOCAL_ACCOUNT as ACCOUNT } from '../support/accounts.js';
import { STATIC_JWKS_TAG } from '../../src/workspace/static-jwks-tag.js';

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com` }, Action: 'sts:AssumeRoleWithWebIdentity' }] };
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

const FILE = `
oidc_providers:
  - url: https://gitlab.example.com
    client_ids: [https://gitlab.example.com]
    thumbprints: [${'a'.repeat(40)}]
    static_jwks_file: keys.json
    tags: {team: platform}
policies:
  - name: read
    path: /ci/
    document: ${JSON.stringify(DOC)}
roles:
  - name: deploy
    trust_policy: ${JSON.stringify(TRUST)}
    inline_policies: {s3: ${JSON.stringify(DOC)}}
    managed_policies: [read]
    tags: {team: platform}
`;
const JWKS = '{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}';
// The hash of keys set earlier and since replaced in the file.
const STALE_JWKS_HASH = '0'.repeat(64);

function empty(): CurrentState {
  return { accountId: ACCOUNT, providers: new Map(), policies: new Map(), roles: new Map() };
}

function plan(current: CurrentState, prune = false, file = FILE): Plan {
  return buildPlan({ config: parseConfig(file, 'f.yaml'), staticJwks: new Map([['https://gitlab.example.com', JWKS]]), current, prune });
}

/** The state IAM would hold after applying FILE (with the JWKS hash tag apply adds). */
function applied(jwksHash: string): CurrentState {
  const state = empty();
  state.providers.set(`arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`, {
    arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`,
    clientIds: ['https://gitlab.example.com'],
    thumbprints: ['A'.repeat(40)],
    tags: { team: 'platform', [STATIC_JWKS_TAG]: jwksHash },
  });
  state.policies.set(`arn:aws:iam::${ACCOUNT}:policy/ci/read`, {
    arn: `arn:aws:iam::${ACCOUNT}:policy/ci/read`,
    // Key order differs from the file: still the same document.
    document: { Statement: [{ Resource: '*', Action: 's3:GetObject', Effect: 'Allow' }], Version: '2012-10-17' },
    versions: [{ versionId: 'v1', isDefault: true, createDate: '2026-01-01T00:00:00Z' }],
  });
  state.roles.set('deploy', {
    name: 'deploy',
    path: '/',
    description: undefined,
    maxSessionDuration: 3600,
    trustPolicy: TRUST,
    inlinePolicies: { s3: DOC },
    attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/ci/read`],
    tags: { team: 'platform' },
  });
  return state;
}

function realHash(): string {
  const first = plan(empty()).changes[0]!.steps[0]!.input.Tags as Array<Record<string, string>>;
  return first.find((t) => t.Key === STATIC_JWKS_TAG)!.Value!;
}

test('from nothing: everything is created, providers and policies before the roles that use them', () => {
  const result = plan(empty());
  assert.deepEqual(result.changes.map((c) => `${c.kind} ${c.type} ${c.id}`), ['create oidc_provider https://gitlab.example.com', 'create policy /ci/read', 'create role deploy']);
  assert.deepEqual(result.changes.flatMap((c) => c.steps.map((s) => s.action)), [
    'CreateOpenIDConnectProvider',
    'SetOpenIDConnectProviderStaticKeys',
    'CreatePolicy',
    'CreateRole',
    'PutRolePolicy',
    'AttachRolePolicy',
  ]);
  // A policy named in managed_policies resolves to its ARN with the file's path.
  assert.equal(result.changes[2]!.steps[2]!.input.PolicyArn, `arn:aws:iam::${ACCOUNT}:policy/ci/read`);
  assert.equal(result.changes[0]!.steps[1]!.input.OpenIDConnectProviderArn, `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`);
});

test('what matches is unchanged: no calls at all (document key order and thumbprint case do not matter)', () => {
  const result = plan(applied(realHash()));
  assert.deepEqual(result.changes.map((c) => c.kind), ['unchanged', 'unchanged', 'unchanged']);
  assert.equal(result.problems.length, 0);
  assert.match(renderPlan(result), /^= oidc_provider https:\/\/gitlab.example.com\n= policy \/ci\/read\n= role deploy\n\nPlan: 0 to create, 0 to update, 0 to delete, 3 unchanged.\n$/);
});

test('differences become the matching update calls', () => {
  const state = applied(STALE_JWKS_HASH);
  const role = state.roles.get('deploy')!;
  role.trustPolicy = { ...TRUST, Statement: [] };
  role.maxSessionDuration = 7200;
  role.inlinePolicies = {};
  role.attachedPolicyArns = [];
  role.tags = { team: 'other' };
  const policy = state.policies.get(`arn:aws:iam::${ACCOUNT}:policy/ci/read`)!;
  policy.document = { Version: '2012-10-17', Statement: [] };
  policy.versions = ['v1', 'v2', 'v3', 'v4', 'v5'].map((versionId, i) => ({ versionId, isDefault: versionId === 'v3', createDate: `2026-01-0${i + 1}T00:00:00Z` }));
  state.providers.get(`arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`)!.thumbprints = ['b'.repeat(40)];

  const result = plan(state);
  assert.deepEqual(result.changes.map((c) => [c.kind, c.steps.map((s) => s.action)]), [
    ['update', ['UpdateOpenIDConnectProviderThumbprint', 'SetOpenIDConnectProviderStaticKeys']],
    ['update', ['DeletePolicyVersion', 'CreatePolicyVersion']],
    ['update', ['UpdateAssumeRolePolicy', 'UpdateRole', 'PutRolePolicy', 'AttachRolePolicy', 'TagRole']],
  ]);
  // At five versions the oldest non-default one goes (v1), never the default.
  assert.equal(result.changes[1]!.steps[0]!.input.VersionId, 'v1');
  assert.equal(result.changes[1]!.steps[1]!.input.SetAsDefault, true);
});

test('extras are kept and shown unless --prune, which removes them and unlisted resources', () => {
  const state = applied(realHash());
  const role = state.roles.get('deploy')!;
  role.inlinePolicies.extra = DOC;
  role.attachedPolicyArns.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
  role.tags.owner = 'someone';
  state.providers.get(`arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`)!.clientIds.push('sts.amazonaws.com');
  state.roles.set('old', { ...role, name: 'old', inlinePolicies: { p: DOC }, attachedPolicyArns: ['arn:x'] });

  const kept = plan(state);
  assert.deepEqual(kept.changes.map((c) => c.kind), ['unchanged', 'unchanged', 'unchanged']);
  assert.ok(kept.changes[2]!.details.includes('  kept: inline policy extra (not in the file; --prune removes it)'));

  const pruned = plan(state, true);
  assert.deepEqual(pruned.changes.map((c) => [c.kind, c.id, c.steps.map((s) => s.action)]), [
    ['update', 'https://gitlab.example.com', ['RemoveClientIDFromOpenIDConnectProvider']],
    ['unchanged', '/ci/read', []],
    ['update', 'deploy', ['DeleteRolePolicy', 'DetachRolePolicy', 'UntagRole']],
    ['delete', 'old', ['DeleteRolePolicy', 'DetachRolePolicy', 'DeleteRole']],
  ]);
});

test('a role whose path differs is a problem, not a silent replacement; unknown policy names too', () => {
  const state = applied(realHash());
  state.roles.get('deploy')!.path = '/elsewhere/';
  assert.deepEqual(plan(state).problems, ['role deploy: its path is /elsewhere/, the file says /; IAM cannot move a role (delete it first)']);
  const file = `roles:\n  - name: r\n    trust_policy: ${JSON.stringify(TRUST)}\n    managed_policies: [nope]\n`;
  assert.deepEqual(plan(empty(), false, file).problems, ['roles[0].managed_policies: nope is neither an ARN nor a policy declared in this file']);
});

test('documents compare as JSON values', () => {
  assert.ok(sameDocument({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 }));
  assert.ok(!sameDocument({ a: [1, 2] }, { a: [2, 1] }));
});
