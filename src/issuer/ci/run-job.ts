/**
 * `trustbridge run`: one job of a .gitlab-ci.yml, locally, as a GitLab Runner shell executor
 * would run it — predefined CI_* variables, the file's variables, one freshly minted ID token
 * per `id_tokens` entry (masked in the output), before_script + script, then after_script.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Audience } from '../claims.js';
import type { JobContext } from '../job-context.js';
import { buildJobContext, jobEnvironment, type JobInput } from '../job-input.js';
import type { KeyRing } from '../keyring.js';
import { mintToken } from '../mint.js';
import { parseCiConfig } from './config-file.js';
import { expandVariables } from './expand.js';
import { jobDefinition, type JobDefinition } from './job-definition.js';
import { predefinedVariables, type Variables } from './predefined-variables.js';
import { runShell } from './shell.js';

export interface RunJobOptions {
  file: string;
  jobName: string;
  keyring: KeyRing;
  issuerUrl: string;
  /** The job facts from flags; `environment`/`timeoutSeconds` here override the file's. */
  job: Omit<JobInput, 'jobName' | 'stage'>;
  /** `--var NAME=VALUE`: like project CI/CD variables, they outrank the file's. */
  overrides: Variables;
  /** The caller's environment: the base every job variable is layered on (ROLE_ARN, PATH, …). */
  baseEnv: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  color: boolean;
}

/** The commit checked out where the file lives, if it is a git work tree. */
function gitHead(dir: string): string | undefined {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

function definedEnv(env: NodeJS.ProcessEnv): Variables {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Caller env < predefined < file (global, then job; expanded in order) < overrides. */
function jobVariables(definition: JobDefinition, job: JobContext, projectDir: string, options: RunJobOptions): Variables {
  const vars: Variables = { ...definedEnv(options.baseEnv), ...predefinedVariables(job, projectDir) };
  for (const [name, v] of definition.variables) vars[name] = v.expand ? expandVariables(v.value, vars) : v.value;
  return { ...vars, ...options.overrides };
}

function expandAudience(aud: Audience, vars: Variables): Audience {
  return typeof aud === 'string' ? expandVariables(aud, vars) : aud.map((a) => expandVariables(a, vars));
}

export async function runJob(options: RunJobOptions): Promise<number> {
  const config = parseCiConfig(readFileSync(options.file, 'utf8'));
  const definition = jobDefinition(config, options.jobName);
  const say = (line: string): boolean => options.stderr.write(`${line}\n`);
  if (config.include !== undefined) say('WARNING: include: is not supported by trustbridge run; only this file is read');

  const projectDir = dirname(resolve(options.file));
  const sha = options.job.sha ?? gitHead(projectDir);
  let job = buildJobContext({
    ...options.job,
    ...(sha !== undefined ? { sha } : {}),
    jobName: definition.name,
    stage: definition.stage,
    timeoutSeconds: options.job.timeoutSeconds ?? definition.timeoutSeconds,
  });
  // The environment name may use variables (e.g. review/$CI_COMMIT_REF_SLUG), so it is expanded
  // against the job's variables and then joins the context the tokens describe.
  if (job.environment === undefined && definition.environment !== undefined) {
    const name = expandVariables(definition.environment.name, jobVariables(definition, job, projectDir, options));
    job = { ...job, environment: jobEnvironment(name, definition.environment) };
  }
  const vars = jobVariables(definition, job, projectDir, options);
  const tokens: string[] = [];
  for (const [name, aud] of definition.idTokens) {
    const token = mintToken(options.keyring, job, { iss: options.issuerUrl, aud: expandAudience(aud, vars) });
    vars[name] = token;
    tokens.push(token);
  }

  const shell = { cwd: projectDir, secrets: tokens, stdout: options.stdout, stderr: options.stderr, color: options.color };
  say(`Running job "${job.jobName}" of ${job.project.path} at ${job.ref} (${job.refType}), pipeline ${job.pipelineId}, job ${job.jobId}`);
  if (tokens.length > 0) say(`ID tokens: ${definition.idTokens.map(([name]) => name).join(', ')}`);
  say('Executing "step_script" stage of the job script');
  const code = await runShell({ ...shell, lines: [...definition.beforeScript, ...definition.script], env: { ...vars, CI_JOB_STATUS: 'running' } });
  if (definition.afterScript.length > 0) {
    say('Running after_script');
    const status = code === 0 ? 'success' : 'failed';
    const afterCode = await runShell({ ...shell, lines: definition.afterScript, env: { ...vars, CI_JOB_STATUS: status } });
    if (afterCode !== 0) say(`WARNING: after_script failed, but job will continue unaffected: exit code ${afterCode}`);
  }
  say(code === 0 ? 'Job succeeded' : `ERROR: Job failed: exit code ${code}`);
  return code;
}
