/**
 * The claim set of a GitLab CI/CD ID token (JwtV2), built in GitLab's key order with GitLab's
 * JSON types: ids are strings except `runner_id`; `ref_protected` is "true"/"false"; absent
 * user fields are null, not omitted (gitlab-org/gitlab lib/gitlab/ci/jwt.rb and
 * lib/gitlab/ci/jwt_v2.rb; https://docs.gitlab.com/ci/secrets/id_token_authentication/).
 */
import { randomUUID } from 'node:crypto';
import {
  buildServerFqdn,
  FALLBACK_TOKEN_TTL_SECONDS,
  refPath,
  sourceProject,
  type JobContext,
  type ProjectRef,
} from './job-context.js';

/** GitLab's `NOT_BEFORE_TIME` (gitlab-org/gitlab lib/gitlab/ci/jwt.rb). */
export const NOT_BEFORE_LEEWAY_SECONDS = 5;
/** `User::FIRST_GROUP_PATHS_LIMIT`: above it `groups_direct` is left out (gitlab-org/gitlab app/models/user.rb). */
export const GROUPS_DIRECT_LIMIT = 200;

export type Audience = string | string[];
export type Claims = Record<string, unknown>;

export interface TokenParameters {
  iss: string;
  aud: Audience;
  /** Epoch seconds; defaults to now. */
  now?: number;
  /** Overrides the job timeout as the token's lifetime. */
  ttlSeconds?: number;
  /** Extra or replacement claims, applied last (keys already present keep their position). */
  extra?: Claims;
}

/**
 * `sub`: chosen components whose values are present, as `name:value` pairs joined by `:` (JwtV2,
 * gitlab-org/gitlab lib/gitlab/ci/jwt_v2.rb).
 */
export function subject(job: JobContext): string {
  const values: Record<string, string> = { project_path: sourceProject(job).path, ref_type: job.refType, ref: job.ref };
  return job.subComponents
    .filter((c) => values[c])
    .flatMap((c) => [c, values[c]])
    .join(':');
}

/**
 * `ci_config_ref_uri` (gitlab-org/gitlab app/models/ci/pipeline.rb): note the literal `//` between
 * project path and config path.
 */
export function ciConfigRefUri(job: JobContext): string {
  return `${buildServerFqdn(job.serverUrl)}/${job.project.path}//${job.ciConfigPath}@${refPath(job)}`;
}

function projectClaims(project: ProjectRef, prefix: '' | 'job_'): Claims {
  return {
    [`${prefix}namespace_id`]: project.namespaceId,
    [`${prefix}namespace_path`]: project.namespacePath,
    [`${prefix}project_id`]: project.id,
    [`${prefix}project_path`]: project.path,
  };
}

function userClaims(job: JobContext): Claims {
  return {
    user_id: job.user?.id ?? '',
    user_login: job.user?.login ?? null,
    user_email: job.user?.email ?? null,
    user_access_level: job.user?.accessLevel ?? null,
  };
}

function optionalUserClaims(job: JobContext): Claims {
  const claims: Claims = {};
  if (job.user?.identities !== undefined) claims.user_identities = job.user.identities;
  return claims;
}

function groupsClaim(job: JobContext): Claims {
  const groups = job.user?.groupsDirect;
  if (groups === undefined || groups.length > GROUPS_DIRECT_LIMIT) return {};
  return { groups_direct: [...groups].sort() };
}

function environmentClaims(job: JobContext): Claims {
  const env = job.environment;
  if (env === undefined) return {};
  return {
    environment: env.name,
    environment_protected: String(env.protected),
    deployment_tier: env.tier,
    environment_action: env.action,
  };
}

function runnerClaims(job: JobContext): Claims {
  if (job.runner === null) return {};
  return { runner_id: job.runner.id, runner_environment: job.runner.environment };
}

/** The full payload, in the order GitLab's `predefined_claims.merge(custom).merge(default)` emits. */
export function buildClaims(job: JobContext, params: TokenParameters): Claims {
  const iat = params.now ?? Math.floor(Date.now() / 1000);
  const ttl = params.ttlSeconds ?? job.timeoutSeconds ?? FALLBACK_TOKEN_TTL_SECONDS;
  const claims: Claims = {
    ...projectClaims(sourceProject(job), ''),
    ...userClaims(job),
    ...projectClaims(job.project, 'job_'),
    ...optionalUserClaims(job),
    pipeline_id: job.pipelineId,
    pipeline_source: job.pipelineSource,
    job_id: job.jobId,
    ref: job.ref,
    ref_type: job.refType,
    ref_path: refPath(job),
    ref_protected: String(job.refProtected),
    ...groupsClaim(job),
    ...environmentClaims(job),
    ...runnerClaims(job),
    sha: job.sha,
    project_visibility: job.visibility,
    ci_config_ref_uri: ciConfigRefUri(job),
    ci_config_sha: job.sha,
    jti: randomUUID(),
    iat,
    nbf: iat - NOT_BEFORE_LEEWAY_SECONDS,
    exp: iat + ttl,
    iss: params.iss,
    sub: subject(job),
    aud: params.aud,
  };
  for (const [name, value] of Object.entries(params.extra ?? {})) {
    // defineProperty, not assignment: a claim named "__proto__" must stay a plain claim.
    Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return claims;
}
