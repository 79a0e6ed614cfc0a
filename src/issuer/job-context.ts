/**
 * Everything about a CI job that GitLab's ID-token claims and predefined CI_* variables are
 * computed from. `trustbridge token` and `trustbridge run` both build one of these, so the
 * token a job receives and the variables it sees always describe the same job.
 */
import { createHash } from 'node:crypto';

export type RefType = 'branch' | 'tag';
export type Visibility = 'private' | 'internal' | 'public';
export type DeploymentTier = 'production' | 'staging' | 'testing' | 'development' | 'other';
export type EnvironmentAction = 'start' | 'prepare' | 'stop' | 'verify' | 'access';
export type RunnerEnvironment = 'self-hosted' | 'gitlab-hosted';
/** The components GitLab allows in `sub` (project setting ci_id_token_sub_claim_components). */
export type SubComponent = 'project_path' | 'ref_type' | 'ref';
export const SUB_COMPONENTS: readonly SubComponent[] = ['project_path', 'ref_type', 'ref'];

export interface ProjectRef {
  id: string;
  /** Full path, e.g. `my-group/sub/my-project`. */
  path: string;
  namespaceId: string;
  namespacePath: string;
}

export interface JobUser {
  id: string;
  login: string | null;
  email: string | null;
  /** guest | planner | reporter | developer | maintainer | owner; null when not a member. */
  accessLevel: string | null;
  /** Present only when the user opted in to pass identities to CI JWTs. */
  identities?: Array<{ provider: string; extern_uid: string }>;
  /** Direct group paths; present only when the `ci_jwt_groups_direct` flag is on. */
  groupsDirect?: string[];
}

export interface JobEnvironment {
  name: string;
  protected: boolean;
  tier: DeploymentTier;
  action: EnvironmentAction;
}

export interface MergeRequest {
  iid: string;
  sourceBranch: string;
  targetBranch: string;
  /** The fork the MR comes from; absent when source and target are the same project. */
  sourceProject?: ProjectRef;
}

export interface JobContext {
  /** The GitLab instance's URL (CI_SERVER_URL): scheme, host, non-default port, relative root. */
  serverUrl: string;
  /** The project that runs the job (for fork MRs, the target project). */
  project: ProjectRef;
  visibility: Visibility;
  user: JobUser | null;
  pipelineId: string;
  pipelineSource: string;
  jobId: string;
  jobName: string;
  stage: string;
  /** The short ref: branch or tag name; for MR pipelines, the MR's source branch. */
  ref: string;
  refType: RefType;
  refProtected: boolean;
  mergeRequest?: MergeRequest;
  sha: string;
  ciConfigPath: string;
  defaultBranch: string;
  environment?: JobEnvironment;
  runner: { id: number; environment: RunnerEnvironment } | null;
  /** The job's effective timeout; the token's lifetime. null means GitLab's 300 s fallback. */
  timeoutSeconds: number | null;
  subComponents: SubComponent[];
}

/** GitLab's default project timeout, the usual `exp - iat` (gitlab-org/gitlab lib/gitlab/ci/jwt.rb). */
export const DEFAULT_JOB_TIMEOUT_SECONDS = 3600;
/** Used by GitLab when no timeout is known (https://docs.gitlab.com/ci/secrets/id_token_authentication/). */
export const FALLBACK_TOKEN_TTL_SECONDS = 300;

/**
 * A stable, GitLab-looking numeric id derived from a name, so the same project gets the same
 * `project_id` in every token minted for it without any registry of projects.
 */
export function stableId(name: string, digits = 8): string {
  const value = createHash('sha256').update(name).digest().readUInt32BE(0) % 10 ** digits;
  return String(Math.max(value, 1));
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}

/** A project reference with ids derived from its path where none are given. */
export function projectRef(path: string, ids: { id?: string; namespaceId?: string; namespacePath?: string } = {}): ProjectRef {
  const namespacePath = ids.namespacePath ?? parentPath(path);
  return {
    id: ids.id ?? stableId(`project:${path}`),
    path,
    namespaceId: ids.namespaceId ?? stableId(`namespace:${namespacePath}`),
    namespacePath,
  };
}

/** The project whose identity the claims carry: the fork for fork MRs (GitLab 18.2.2+), else the job's. */
export function sourceProject(job: JobContext): ProjectRef {
  return job.mergeRequest?.sourceProject ?? job.project;
}

/**
 * `Settings.build_server_fqdn`: host, non-default port and relative root, no scheme
 * (gitlab-org/gitlab app/models/ci/pipeline.rb: `acme.com:9090/gitlab`; port 443 gives `acme.com`).
 */
export function buildServerFqdn(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** `source_ref_path`: refs/heads/<branch> for branches and MRs, refs/tags/<tag> for tags. */
export function refPath(job: JobContext): string {
  return job.refType === 'tag' ? `refs/tags/${job.ref}` : `refs/heads/${job.ref}`;
}
