/**
 * A GitLab-shaped issuer for tests: its URL, a fixed clock, and the claims GitLab puts in a CI/CD
 * ID token, in GitLab's key order (gitlab-org/gitlab lib/gitlab/ci/jwt.rb and jwt_v2.rb; the
 * gitlab.com token in pypi/warehouse#13575).
 */
import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';

export const ISSUER = 'https://gitlab.example.com';
/** The issuer without its scheme: the provider ARN's suffix and the condition-key prefix. */
export const ISSUER_HOST = 'gitlab.example.com';
export const MAIN_SUB = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
/** A fixed clock, so time checks are deterministic. */
export const NOW = new Date('2026-03-01T12:00:00Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

/**
 * GitLab's claim set for a pipeline job. `project_path`, `ref`, `ref_type` and `iat` given in
 * `claims` shape the claims derived from them (namespace, `ref_path`, `sub`, `nbf`, `exp`, …);
 * every entry of `claims` then overrides or adds its claim as given.
 */
export function gitlabClaims(claims: Record<string, unknown> = {}): JWTPayload {
  const project = typeof claims.project_path === 'string' ? claims.project_path : 'mygroup/myproject';
  const ref = typeof claims.ref === 'string' ? claims.ref : 'main';
  const refType = claims.ref_type === 'tag' ? 'tag' : 'branch';
  const refPath = refType === 'branch' ? `refs/heads/${ref}` : `refs/tags/${ref}`;
  const iat = typeof claims.iat === 'number' ? claims.iat : NOW_SECONDS - 10;
  const derived: JWTPayload = {
    namespace_id: '72',
    namespace_path: project.slice(0, project.lastIndexOf('/')),
    project_id: '20',
    project_path: project,
    user_id: '1',
    user_login: 'alice',
    user_email: 'alice@example.com',
    user_access_level: 'maintainer',
    pipeline_id: '574',
    pipeline_source: 'push',
    job_id: '302',
    ref,
    ref_type: refType,
    ref_path: refPath,
    ref_protected: 'true',
    runner_id: 1,
    runner_environment: 'self-hosted',
    sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
    project_visibility: 'private',
    ci_config_ref_uri: `${ISSUER_HOST}/${project}//.gitlab-ci.yml@${refPath}`,
    ci_config_sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
    jti: randomUUID(),
    iat,
    nbf: iat - 5,
    exp: iat + 3600,
    iss: ISSUER,
    sub: `project_path:${project}:ref_type:${refType}:ref:${ref}`,
    aud: ISSUER,
  };
  return { ...derived, ...claims };
}
