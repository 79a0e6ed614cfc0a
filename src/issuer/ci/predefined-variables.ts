/**
 * GitLab's predefined CI/CD variables for a job, computed from the same JobContext as its ID
 * tokens, so `$CI_PROJECT_PATH`, `$CI_COMMIT_REF_NAME`, … always agree with the claims.
 */
import { DEFAULT_JOB_TIMEOUT_SECONDS, type JobContext } from '../job-context.js';
import { slugify } from './expand.js';

export type Variables = Record<string, string>;

/** The first commit of a push has no predecessor; GitLab sends forty zeros. */
const NO_SHA = '0000000000000000000000000000000000000000';

function serverVariables(serverUrl: string): Variables {
  const url = new URL(serverUrl);
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return {
    CI_SERVER: 'yes',
    CI_SERVER_NAME: 'GitLab',
    CI_SERVER_URL: serverUrl,
    CI_SERVER_HOST: url.hostname,
    CI_SERVER_PORT: port,
    CI_SERVER_PROTOCOL: url.protocol.replace(':', ''),
    CI_SERVER_FQDN: url.host,
    CI_API_V4_URL: `${serverUrl}/api/v4`,
    CI_API_GRAPHQL_URL: `${serverUrl}/api/graphql`,
  };
}

function projectVariables(job: JobContext, projectDir: string): Variables {
  const p = job.project;
  const projectUrl = `${job.serverUrl}/${p.path}`;
  return {
    CI_PROJECT_ID: p.id,
    CI_PROJECT_NAME: p.path.slice(p.path.lastIndexOf('/') + 1),
    CI_PROJECT_PATH: p.path,
    CI_PROJECT_PATH_SLUG: slugify(p.path),
    CI_PROJECT_NAMESPACE: p.namespacePath,
    CI_PROJECT_NAMESPACE_ID: p.namespaceId,
    CI_PROJECT_NAMESPACE_SLUG: slugify(p.namespacePath),
    CI_PROJECT_ROOT_NAMESPACE: p.path.split('/')[0] ?? p.path,
    CI_PROJECT_URL: projectUrl,
    CI_PROJECT_VISIBILITY: job.visibility,
    CI_PROJECT_DIR: projectDir,
    CI_BUILDS_DIR: projectDir,
    CI_CONFIG_PATH: job.ciConfigPath,
    CI_DEFAULT_BRANCH: job.defaultBranch,
    CI_PIPELINE_ID: job.pipelineId,
    CI_PIPELINE_SOURCE: job.pipelineSource,
    CI_PIPELINE_URL: `${projectUrl}/-/pipelines/${job.pipelineId}`,
    CI_JOB_ID: job.jobId,
    CI_JOB_NAME: job.jobName,
    CI_JOB_NAME_SLUG: slugify(job.jobName),
    CI_JOB_STAGE: job.stage,
    CI_JOB_URL: `${projectUrl}/-/jobs/${job.jobId}`,
    CI_JOB_TIMEOUT: String(job.timeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS),
  };
}

function commitVariables(job: JobContext): Variables {
  const vars: Variables = {
    CI_COMMIT_SHA: job.sha,
    CI_COMMIT_SHORT_SHA: job.sha.slice(0, 8),
    CI_COMMIT_BEFORE_SHA: NO_SHA,
    CI_COMMIT_REF_NAME: job.ref,
    CI_COMMIT_REF_SLUG: slugify(job.ref),
    CI_COMMIT_REF_PROTECTED: String(job.refProtected),
  };
  // Branch pipelines get CI_COMMIT_BRANCH, tag pipelines CI_COMMIT_TAG, MR pipelines neither.
  if (job.refType === 'tag') vars.CI_COMMIT_TAG = job.ref;
  else if (job.mergeRequest === undefined) vars.CI_COMMIT_BRANCH = job.ref;
  return vars;
}

function mergeRequestVariables(job: JobContext): Variables {
  const mr = job.mergeRequest;
  if (mr === undefined) return {};
  const source = mr.sourceProject ?? job.project;
  return {
    CI_MERGE_REQUEST_IID: mr.iid,
    CI_MERGE_REQUEST_EVENT_TYPE: 'detached',
    CI_MERGE_REQUEST_PROJECT_ID: job.project.id,
    CI_MERGE_REQUEST_PROJECT_PATH: job.project.path,
    CI_MERGE_REQUEST_PROJECT_URL: `${job.serverUrl}/${job.project.path}`,
    CI_MERGE_REQUEST_REF_PATH: `refs/merge-requests/${mr.iid}/head`,
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: mr.sourceBranch,
    CI_MERGE_REQUEST_SOURCE_PROJECT_ID: source.id,
    CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: source.path,
    CI_MERGE_REQUEST_SOURCE_PROJECT_URL: `${job.serverUrl}/${source.path}`,
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: mr.targetBranch,
  };
}

function userVariables(job: JobContext): Variables {
  if (job.user === null) return {};
  return {
    GITLAB_USER_ID: job.user.id,
    GITLAB_USER_LOGIN: job.user.login ?? '',
    GITLAB_USER_EMAIL: job.user.email ?? '',
  };
}

function environmentVariables(job: JobContext): Variables {
  const env = job.environment;
  if (env === undefined) return {};
  return {
    CI_ENVIRONMENT_NAME: env.name,
    CI_ENVIRONMENT_TIER: env.tier,
    CI_ENVIRONMENT_ACTION: env.action,
  };
}

export function predefinedVariables(job: JobContext, projectDir: string): Variables {
  return {
    CI: 'true',
    GITLAB_CI: 'true',
    ...serverVariables(job.serverUrl),
    ...projectVariables(job, projectDir),
    ...commitVariables(job),
    ...mergeRequestVariables(job),
    ...userVariables(job),
    ...environmentVariables(job),
    ...(job.runner !== null ? { CI_RUNNER_ID: String(job.runner.id) } : {}),
  };
}
