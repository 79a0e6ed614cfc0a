/**
 * Golden claim sets for the job shapes GitLab distinguishes. Expected values, JSON types and
 * key order come from GitLab's source (gitlab-org/gitlab): token.rb = lib/json_web_token/token.rb
 * (payload key order), jwt.rb = lib/gitlab/ci/jwt.rb (the claims and times), jwt_v2.rb =
 * lib/gitlab/ci/jwt_v2.rb (`sub`, runner claims), pipeline.rb = app/models/ci/pipeline.rb
 * (`ci_config_ref_uri`). Time claims use the example of
 * https://docs.gitlab.com/ci/secrets/id_token_authentication/: iat 1681395193, nbf iat − 5, exp iat + 3600.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildClaims, ciConfigRefUri, subject } from '../../src/issuer/claims.js';
import { buildJobContext, type JobInput } from '../../src/issuer/job-input.js';

const NOW = 1681395193;
const ISS = 'https://gitlab.example.com';
const SHA = '5a9b5a4c3d2e1f00112233445566778899aabbcc';

const base: JobInput = {
  serverUrl: ISS,
  project: 'my-group/my-project',
  projectId: '42',
  namespaceId: '7',
  ref: 'main',
  sha: SHA,
  pipelineId: '1001',
  jobId: '2002',
  userId: '1',
  userLogin: 'root',
  userEmail: 'admin@example.com',
  userAccessLevel: 'maintainer',
  runnerId: 12270807,
};

function claimsFor(input: Partial<JobInput>, aud: string | string[] = ISS): Record<string, unknown> {
  const claims = buildClaims(buildJobContext({ ...base, ...input }), { iss: ISS, aud, now: NOW });
  // jti is random: check its form, then leave it out of the golden comparison.
  assert.match(String(claims.jti), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'jti is a lowercase UUID v4 (jwt.rb)');
  return claims;
}

/** Project/user/job-project claims shared by the non-fork goldens (jwt.rb order). */
const IDENTITY = {
  namespace_id: '7',
  namespace_path: 'my-group',
  project_id: '42',
  project_path: 'my-group/my-project',
  user_id: '1',
  user_login: 'root',
  user_email: 'admin@example.com',
  user_access_level: 'maintainer',
  job_namespace_id: '7',
  job_namespace_path: 'my-group',
  job_project_id: '42',
  job_project_path: 'my-group/my-project',
};

const TIMES = { iat: NOW, nbf: NOW - 5, exp: NOW + 3600, iss: ISS };

/** Asserts the named claims have exactly these values (a golden subset). */
function assertClaims(claims: Record<string, unknown>, expected: Record<string, unknown>): void {
  assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, claims[k]])), expected);
}

function withoutJti(claims: Record<string, unknown>): Record<string, unknown> {
  const { jti: _jti, ...rest } = claims;
  return rest;
}

test('branch push job: golden claim set, types and GitLab key order (token.rb, jwt.rb)', () => {
  const claims = claimsFor({});
  const expected = {
    ...IDENTITY,
    pipeline_id: '1001',
    pipeline_source: 'push',
    job_id: '2002',
    ref: 'main',
    ref_type: 'branch',
    ref_path: 'refs/heads/main',
    ref_protected: 'true',
    runner_id: 12270807,
    runner_environment: 'self-hosted',
    sha: SHA,
    project_visibility: 'private',
    ci_config_ref_uri: 'gitlab.example.com/my-group/my-project//.gitlab-ci.yml@refs/heads/main',
    ci_config_sha: SHA,
    ...TIMES,
    sub: 'project_path:my-group/my-project:ref_type:branch:ref:main',
    aud: ISS,
  };
  assert.deepEqual(withoutJti(claims), expected);
  // Predefined claims first, then jti iat nbf exp iss sub aud (token.rb).
  assert.deepEqual(Object.keys(claims), [...Object.keys(expected).slice(0, -6), 'jti', 'iat', 'nbf', 'exp', 'iss', 'sub', 'aud']);
  assert.equal(typeof claims.runner_id, 'number', 'runner_id is the only numeric id');
});

test('tag job: ref_type tag, refs/tags/ ref path, tag sub (jwt.rb, jwt_v2.rb, pipeline.rb)', () => {
  assertClaims(claimsFor({ ref: 'v1.2.0', refType: 'tag', refProtected: false }), {
    ref: 'v1.2.0',
    ref_type: 'tag',
    ref_path: 'refs/tags/v1.2.0',
    ref_protected: 'false',
    sub: 'project_path:my-group/my-project:ref_type:tag:ref:v1.2.0',
    ci_config_ref_uri: 'gitlab.example.com/my-group/my-project//.gitlab-ci.yml@refs/tags/v1.2.0',
  });
});

test('merge-request pipeline: ref is the source branch, ref_type branch (jwt.rb, jwt_v2.rb)', () => {
  assertClaims(claimsFor({ ref: 'feature/login', mergeRequestIid: '17' }), {
    pipeline_source: 'merge_request_event',
    ref: 'feature/login',
    ref_type: 'branch',
    ref_path: 'refs/heads/feature/login',
    ref_protected: 'false',
    sub: 'project_path:my-group/my-project:ref_type:branch:ref:feature/login',
    ci_config_ref_uri: 'gitlab.example.com/my-group/my-project//.gitlab-ci.yml@refs/heads/feature/login',
  });
});

test('merge request from a fork: project_* is the fork, job_project_* the project running the job (jwt.rb, 18.2.2+)', () => {
  assertClaims(claimsFor({ ref: 'fix', mergeRequestIid: '3', sourceProject: 'contributor/my-project', sourceProjectId: '99', sourceNamespaceId: '98' }), {
    namespace_id: '98',
    namespace_path: 'contributor',
    project_id: '99',
    project_path: 'contributor/my-project',
    job_namespace_id: '7',
    job_namespace_path: 'my-group',
    job_project_id: '42',
    job_project_path: 'my-group/my-project',
    sub: 'project_path:contributor/my-project:ref_type:branch:ref:fix',
  });
});

test('environment job: the four environment claims, as strings, between ref_protected and runner_id (jwt.rb)', () => {
  const claims = claimsFor({ environment: 'production', environmentAction: 'start' });
  const keys = Object.keys(claims);
  assert.deepEqual(keys.slice(keys.indexOf('ref_protected') + 1, keys.indexOf('runner_id')), [
    'environment',
    'environment_protected',
    'deployment_tier',
    'environment_action',
  ]);
  // environment_protected: FOSS GitLab always sends "false".
  assertClaims(claims, { environment: 'production', environment_protected: 'false', deployment_tier: 'production', environment_action: 'start' });
  const noEnv = claimsFor({});
  for (const name of ['environment', 'environment_protected', 'deployment_tier', 'environment_action']) assert.ok(!(name in noEnv));
});

test('deployment_tier is guessed from the name as GitLab does', () => {
  const tier = (environment: string): unknown => claimsFor({ environment }).deployment_tier;
  assert.equal(tier('review/feature'), 'development');
  assert.equal(tier('qa'), 'testing');
  assert.equal(tier('staging'), 'staging');
  assert.equal(tier('prod-eu'), 'production');
  assert.equal(tier('sandbox'), 'other');
});

test('a job without a user: user_id "" and null login, email and access level (jwt.rb)', () => {
  assertClaims(claimsFor({ userId: null }), { user_id: '', user_login: null, user_email: null, user_access_level: null });
});

test('optional claims appear only when GitLab would send them (jwt.rb)', () => {
  const plain = claimsFor({});
  assert.ok(!('user_identities' in plain) && !('groups_direct' in plain));
  const rich = claimsFor({ userIdentities: [{ provider: 'ldapmain', extern_uid: 'cn=root' }], groupsDirect: ['b-group', 'a-group'] });
  assert.deepEqual(rich.user_identities, [{ provider: 'ldapmain', extern_uid: 'cn=root' }]);
  assert.deepEqual(rich.groups_direct, ['a-group', 'b-group'], 'sorted');
  const many = claimsFor({ groupsDirect: Array.from({ length: 201 }, (_, i) => `g${i}`) });
  assert.ok(!('groups_direct' in many), 'more than 200 groups: omitted');
  assert.ok(!('runner_id' in claimsFor({ runnerId: null })));
});

test('aud is a string for one audience and an array otherwise, even of one (app/models/ci/build.rb)', () => {
  assert.equal(claimsFor({}, 'sts.amazonaws.com').aud, 'sts.amazonaws.com');
  assert.deepEqual(claimsFor({}, ['sts.amazonaws.com']).aud, ['sts.amazonaws.com']);
  assert.deepEqual(claimsFor({}, ['a', 'b']).aud, ['a', 'b']);
});

test('sub follows the configured components; values are not escaped (jwt_v2.rb)', () => {
  const job = (input: Partial<JobInput>): ReturnType<typeof buildJobContext> => buildJobContext({ ...base, ...input });
  assert.equal(subject(job({ subComponents: ['project_path'] })), 'project_path:my-group/my-project');
  assert.equal(subject(job({ subComponents: ['project_path', 'ref'] })), 'project_path:my-group/my-project:ref:main');
  assert.equal(subject(job({ ref: 'a:b' })), 'project_path:my-group/my-project:ref_type:branch:ref:a:b');
});

test('ci_config_ref_uri carries host, non-default port and relative root without scheme (pipeline.rb)', () => {
  const uri = (serverUrl: string, ciConfigPath?: string): string => ciConfigRefUri(buildJobContext({ ...base, serverUrl, ciConfigPath }));
  assert.equal(uri('https://acme.com:9090/gitlab'), 'acme.com:9090/gitlab/my-group/my-project//.gitlab-ci.yml@refs/heads/main');
  assert.equal(uri('https://acme.com:443'), 'acme.com/my-group/my-project//.gitlab-ci.yml@refs/heads/main');
  assert.equal(uri('https://acme.com', 'ci/main.yml'), 'acme.com/my-group/my-project//ci/main.yml@refs/heads/main');
});

test('without a job timeout the token lives 300 s; otherwise the timeout (jwt.rb)', () => {
  assert.equal(claimsFor({ timeoutSeconds: null }).exp, NOW + 300);
  assert.equal(claimsFor({ timeoutSeconds: 900 }).exp, NOW + 900);
});

test('extra claims replace in place or append; "__proto__" stays a plain claim', () => {
  const claims = buildClaims(buildJobContext(base), {
    iss: ISS,
    aud: ISS,
    now: NOW,
    extra: JSON.parse('{"ref_type":"tag","custom":"x","__proto__":"p"}') as Record<string, unknown>,
  });
  const keys = Object.keys(claims);
  assert.equal(claims.ref_type, 'tag');
  assert.ok(keys.indexOf('ref_type') < keys.indexOf('jti'));
  assert.equal(keys.at(-2), 'custom');
  assert.equal(Object.getPrototypeOf(claims), Object.prototype);
});
