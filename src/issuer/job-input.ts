/**
 * From a few facts (project path, ref, …) to a complete JobContext, filling everything else
 * with plausible GitLab values. The flat shape mirrors the CLI flags of `token` and `run`, and
 * is what the integrator passes programmatically.
 */
import { createHash, randomInt } from 'node:crypto';
import {
  DEFAULT_JOB_TIMEOUT_SECONDS,
  projectRef,
  SUB_COMPONENTS,
  type DeploymentTier,
  type EnvironmentAction,
  type JobContext,
  type JobEnvironment,
  type RefType,
  type RunnerEnvironment,
  type SubComponent,
  type Visibility,
} from './job-context.js';

export interface JobInput {
  /** Full project path, e.g. `mygroup/myproject`. */
  project: string;
  ref: string;
  refType?: RefType;
  refProtected?: boolean;
  serverUrl: string;
  projectId?: string;
  namespaceId?: string;
  namespacePath?: string;
  visibility?: Visibility;
  /** `null` for a job with no user (user_id "", login/email null). */
  userId?: string | null;
  userLogin?: string | null;
  userEmail?: string | null;
  userAccessLevel?: string | null;
  userIdentities?: Array<{ provider: string; extern_uid: string }>;
  groupsDirect?: string[];
  pipelineId?: string;
  pipelineSource?: string;
  jobId?: string;
  jobName?: string;
  stage?: string;
  sha?: string;
  ciConfigPath?: string;
  defaultBranch?: string;
  environment?: string;
  environmentTier?: DeploymentTier;
  environmentAction?: EnvironmentAction;
  environmentProtected?: boolean;
  runnerId?: number | null;
  runnerEnvironment?: RunnerEnvironment;
  timeoutSeconds?: number | null;
  subComponents?: SubComponent[];
  mergeRequestIid?: string;
  mergeRequestTargetBranch?: string;
  /** For MRs from a fork: the fork's path (its ids are derived unless given). */
  sourceProject?: string;
  sourceProjectId?: string;
  sourceNamespaceId?: string;
}

export const MERGE_REQUEST_SOURCE = 'merge_request_event';
export const DEFAULT_USER = { id: '1', login: 'root', email: 'admin@example.com', accessLevel: 'owner' } as const;
const DEFAULT_RUNNER_ID = 1;

/** GitLab's tier guess from the environment name (`Environment#guess_tier`, checked in this order). */
export function guessTier(name: string): DeploymentTier {
  if (/(dev|review|trunk)/i.test(name)) return 'development';
  if (/(test|tst|int|ac(ce|)pt|qa|qc|control|quality)/i.test(name)) return 'testing';
  if (/(st(a|)g|mod(e|)l|pre|demo|non)/i.test(name)) return 'staging';
  if (/(pr(o|)d|live)/i.test(name)) return 'production';
  return 'other';
}

/** An environment as GitLab records it for a job: tier guessed from the name unless set, action `start`. */
export function jobEnvironment(
  name: string,
  options: { tier?: DeploymentTier; action?: EnvironmentAction; protected?: boolean } = {},
): JobEnvironment {
  return {
    name,
    // GitLab FOSS always sends "false" (gitlab-org/gitlab lib/gitlab/ci/jwt.rb); EE decides from protected environments.
    protected: options.protected ?? false,
    tier: options.tier ?? guessTier(name),
    action: options.action ?? 'start',
  };
}

const newId = (): string => String(randomInt(100_000_000, 2_000_000_000));

export function buildJobContext(input: JobInput): JobContext {
  const refType = input.refType ?? 'branch';
  const pipelineSource = input.pipelineSource ?? (input.mergeRequestIid !== undefined ? MERGE_REQUEST_SOURCE : 'push');
  const defaultBranch = input.defaultBranch ?? 'main';
  const job: JobContext = {
    serverUrl: input.serverUrl,
    project: projectRef(input.project, { id: input.projectId, namespaceId: input.namespaceId, namespacePath: input.namespacePath }),
    visibility: input.visibility ?? 'private',
    user: input.userId === null ? null : {
      id: input.userId ?? DEFAULT_USER.id,
      login: input.userLogin === undefined ? DEFAULT_USER.login : input.userLogin,
      email: input.userEmail === undefined ? DEFAULT_USER.email : input.userEmail,
      accessLevel: input.userAccessLevel === undefined ? DEFAULT_USER.accessLevel : input.userAccessLevel,
      ...(input.userIdentities !== undefined ? { identities: input.userIdentities } : {}),
      ...(input.groupsDirect !== undefined ? { groupsDirect: input.groupsDirect } : {}),
    },
    pipelineId: input.pipelineId ?? newId(),
    pipelineSource,
    jobId: input.jobId ?? newId(),
    jobName: input.jobName ?? 'job',
    stage: input.stage ?? 'test',
    ref: input.ref,
    refType,
    // Default branches are protected by default on GitLab; other refs are not.
    refProtected: input.refProtected ?? (refType === 'branch' && input.ref === defaultBranch),
    sha: input.sha ?? createHash('sha1').update(`${input.project}@${input.ref}`).digest('hex'),
    ciConfigPath: input.ciConfigPath ?? '.gitlab-ci.yml',
    defaultBranch,
    runner: input.runnerId === null ? null : { id: input.runnerId ?? DEFAULT_RUNNER_ID, environment: input.runnerEnvironment ?? 'self-hosted' },
    timeoutSeconds: input.timeoutSeconds === undefined ? DEFAULT_JOB_TIMEOUT_SECONDS : input.timeoutSeconds,
    subComponents: input.subComponents ?? [...SUB_COMPONENTS],
  };
  if (input.environment !== undefined) {
    job.environment = jobEnvironment(input.environment, {
      tier: input.environmentTier,
      action: input.environmentAction,
      protected: input.environmentProtected,
    });
  }
  if (pipelineSource === MERGE_REQUEST_SOURCE) {
    job.mergeRequest = {
      iid: input.mergeRequestIid ?? '1',
      sourceBranch: input.ref,
      targetBranch: input.mergeRequestTargetBranch ?? defaultBranch,
      ...(input.sourceProject !== undefined
        ? { sourceProject: projectRef(input.sourceProject, { id: input.sourceProjectId, namespaceId: input.sourceNamespaceId }) }
        : {}),
    };
  }
  return job;
}
