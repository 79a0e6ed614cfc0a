/**
 * The job-context flags shared by `trustbridge token` and `trustbridge run`: one flag per
 * field of the job a GitLab token describes, so any claim GitLab could send can be produced.
 */
import { Option, type Command } from 'commander';
import { parseDuration } from './duration.js';
import { SUB_COMPONENTS, type SubComponent } from './job-context.js';
import { DEFAULT_USER, type JobInput } from './job-input.js';
import { InvalidInputError } from '../errors.js';

const csv = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

function bool(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidInputError(`expected true or false, got "${value}"`);
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new InvalidInputError(`expected a positive integer, got "${value}"`);
  return Number(value);
}

function subComponents(value: string): SubComponent[] {
  const parts = csv(value);
  for (const p of parts) {
    if (!(SUB_COMPONENTS as readonly string[]).includes(p)) throw new InvalidInputError(`unknown sub component "${p}" (allowed: ${SUB_COMPONENTS.join(', ')})`);
  }
  // GitLab requires project_path first (MR 160562).
  if (parts[0] !== 'project_path') throw new InvalidInputError('the first sub component must be project_path');
  return parts as SubComponent[];
}

function identity(value: string, previous: Array<{ provider: string; extern_uid: string }> = []): Array<{ provider: string; extern_uid: string }> {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new InvalidInputError(`expected PROVIDER:EXTERN_UID, got "${value}"`);
  return [...previous, { provider: value.slice(0, colon), extern_uid: value.slice(colon + 1) }];
}

/** Adds the flags; unflagged, a job is a push to main of mygroup/myproject (the tutorial's). */
export function addJobOptions(command: Command): Command {
  return command
    .option('--project <path>', 'project full path (project_path, CI_PROJECT_PATH)', 'mygroup/myproject')
    .option('--ref <name>', 'branch or tag name; for MR pipelines the source branch', 'main')
    .addOption(new Option('--ref-type <type>', 'ref_type').choices(['branch', 'tag']).default('branch'))
    .option('--ref-protected <bool>', 'ref_protected (default: true for the default branch)', bool)
    .option('--project-id <id>', 'project_id (default: derived from the path)')
    .option('--namespace <path>', 'namespace_path (default: the project path minus its last segment)')
    .option('--namespace-id <id>', 'namespace_id (default: derived from the namespace path)')
    .addOption(new Option('--visibility <level>', 'project_visibility').choices(['private', 'internal', 'public']))
    .option('--server-url <url>', 'the GitLab URL (CI_SERVER_URL; host of ci_config_ref_uri); default: the issuer URL')
    .option('--sha <sha>', 'commit SHA (sha, ci_config_sha, CI_COMMIT_SHA)')
    .option('--default-branch <name>', 'CI_DEFAULT_BRANCH', 'main')
    .option('--ci-config-path <path>', 'CI config path in ci_config_ref_uri', '.gitlab-ci.yml')
    .option('--pipeline-id <id>', 'pipeline_id (default: random)')
    .option('--pipeline-source <source>', 'pipeline_source: push, web, schedule, merge_request_event, …')
    .option('--job-id <id>', 'job_id (default: random)')
    .option('--stage <name>', 'CI_JOB_STAGE')
    .option('--timeout <duration>', 'job timeout, the token lifetime unless --ttl (e.g. 3600, 1h 30m)', parseDuration)
    .option('--user-id <id>', 'user_id', DEFAULT_USER.id)
    .option('--user-login <login>', 'user_login', DEFAULT_USER.login)
    .option('--user-email <email>', 'user_email', DEFAULT_USER.email)
    .option('--user-access-level <level>', 'user_access_level (guest … owner)', DEFAULT_USER.accessLevel)
    .option('--no-user-access-level', 'user_access_level null (the user is not a member)')
    .option('--no-user', 'a job with no user: user_id "" and null login/email/access level')
    .option('--user-identity <provider:uid>', 'add to user_identities (repeatable)', identity)
    .option('--groups-direct <paths>', 'groups_direct, comma-separated (sent sorted)', csv)
    .option('--runner-id <n>', 'runner_id (a number)', positiveInt)
    .addOption(new Option('--runner-environment <env>', 'runner_environment').choices(['self-hosted', 'gitlab-hosted']))
    .option('--environment <name>', 'the job deploys to this environment (adds the environment claims)')
    .addOption(new Option('--environment-tier <tier>', 'deployment_tier (default: guessed from the name, as GitLab does)').choices(['production', 'staging', 'testing', 'development', 'other']))
    .addOption(new Option('--environment-action <action>', 'environment_action').choices(['start', 'prepare', 'stop', 'verify', 'access']))
    .option('--environment-protected <bool>', 'environment_protected', bool)
    .option('--mr-iid <iid>', 'a merge-request pipeline for this MR (pipeline_source merge_request_event)')
    .option('--mr-target-branch <name>', 'the MR target branch (default: the default branch)')
    .option('--source-project <path>', 'for an MR from a fork: the fork (its ids go in project_*, the job project in job_project_*)')
    .option('--sub-components <list>', `components of sub, comma-separated (${SUB_COMPONENTS.join(',')})`, subComponents);
}

export interface JobOptionValues {
  project: string;
  ref: string;
  refType: 'branch' | 'tag';
  refProtected?: boolean;
  projectId?: string;
  namespace?: string;
  namespaceId?: string;
  visibility?: JobInput['visibility'];
  serverUrl?: string;
  sha?: string;
  defaultBranch: string;
  ciConfigPath: string;
  pipelineId?: string;
  pipelineSource?: string;
  jobId?: string;
  stage?: string;
  timeout?: number;
  user: boolean;
  userId: string;
  userLogin: string;
  userEmail: string;
  userAccessLevel: string | false;
  userIdentity?: Array<{ provider: string; extern_uid: string }>;
  groupsDirect?: string[];
  runnerId?: number;
  runnerEnvironment?: JobInput['runnerEnvironment'];
  environment?: string;
  environmentTier?: JobInput['environmentTier'];
  environmentAction?: JobInput['environmentAction'];
  environmentProtected?: boolean;
  mrIid?: string;
  mrTargetBranch?: string;
  sourceProject?: string;
  subComponents?: SubComponent[];
}

/** Drops undefined members so JobInput's defaults apply. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function jobInputFromOptions(o: JobOptionValues, serverUrl: string): JobInput {
  return defined<JobInput>({
    project: o.project,
    ref: o.ref,
    refType: o.refType,
    refProtected: o.refProtected,
    serverUrl: o.serverUrl ?? serverUrl,
    projectId: o.projectId,
    namespacePath: o.namespace,
    namespaceId: o.namespaceId,
    visibility: o.visibility,
    userId: o.user ? o.userId : null,
    userLogin: o.userLogin,
    userEmail: o.userEmail,
    userAccessLevel: o.userAccessLevel === false ? null : o.userAccessLevel,
    userIdentities: o.userIdentity,
    groupsDirect: o.groupsDirect,
    pipelineId: o.pipelineId,
    pipelineSource: o.pipelineSource,
    jobId: o.jobId,
    stage: o.stage,
    sha: o.sha,
    ciConfigPath: o.ciConfigPath,
    defaultBranch: o.defaultBranch,
    environment: o.environment,
    environmentTier: o.environmentTier,
    environmentAction: o.environmentAction,
    environmentProtected: o.environmentProtected,
    runnerId: o.runnerId,
    runnerEnvironment: o.runnerEnvironment,
    timeoutSeconds: o.timeout,
    subComponents: o.subComponents,
    mergeRequestIid: o.mrIid,
    mergeRequestTargetBranch: o.mrTargetBranch,
    sourceProject: o.sourceProject,
  });
}
