/**
 * One job of a parsed .gitlab-ci.yml, with what GitLab's `default:` contributes: a key the job
 * does not set comes from `default:` (never merged with the job's own — https://docs.gitlab.com/ci/yaml/#id_tokens
 * for id_tokens), unless `inherit:default` says otherwise. Only the keys a local run needs.
 */
import { parseDuration } from '../duration.js';
import type { Audience } from '../claims.js';
import type { DeploymentTier, EnvironmentAction } from '../job-context.js';
import { CiConfigError, isMap, type YamlMap, type YamlValue } from './config-file.js';

/** Top-level keys that are not jobs. */
const RESERVED_KEYS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);
/** GitLab's nested-array limit inside scripts. */
const MAX_SCRIPT_NESTING = 10;

export interface VariableDefinition {
  value: string;
  /** `expand: false` keeps `$` literally. */
  expand: boolean;
}

export interface JobEnvironmentDefinition {
  name: string;
  tier?: DeploymentTier;
  action?: EnvironmentAction;
}

export interface JobDefinition {
  name: string;
  stage: string;
  /** Global variables first, then the job's, in declaration order (later wins). */
  variables: Array<[string, VariableDefinition]>;
  beforeScript: string[];
  script: string[];
  afterScript: string[];
  idTokens: Array<[string, Audience]>;
  environment?: JobEnvironmentDefinition;
  timeoutSeconds?: number;
}

export function jobNames(config: YamlMap): string[] {
  return Object.keys(config).filter((k) => !RESERVED_KEYS.has(k) && !k.startsWith('.') && isMap(config[k]));
}

/** A script entry: a string or nested arrays of strings, flattened (GitLab allows 10 levels). */
function scriptLines(value: YamlValue | undefined, where: string, depth = 0): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value) && depth < MAX_SCRIPT_NESTING) return value.flatMap((v) => scriptLines(v, where, depth + 1));
  throw new CiConfigError(`${where} config should be a string or a nested array of strings up to 10 levels deep`);
}

function variables(value: YamlValue | undefined, where: string): Array<[string, VariableDefinition]> {
  if (value === undefined || value === null) return [];
  if (!isMap(value)) throw new CiConfigError(`${where} config should be a hash of key value pairs`);
  return Object.entries(value).map(([name, v]): [string, VariableDefinition] => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [name, { value: String(v), expand: true }];
    if (isMap(v) && v.value !== undefined && !isMap(v.value) && !Array.isArray(v.value)) {
      return [name, { value: String(v.value), expand: v.expand !== false }];
    }
    throw new CiConfigError(`${where} config should be a hash of key value pairs, value can be a hash`);
  });
}

/**
 * `id_tokens: {NAME: {aud: string | [string, …]}}` — aud required and the only key
 * (gitlab-org/gitlab lib/gitlab/ci/config/entry/id_token.rb).
 */
function idTokens(value: YamlValue | undefined, job: string): Array<[string, Audience]> {
  if (value === undefined || value === null) return [];
  if (!isMap(value)) throw new CiConfigError(`jobs:${job}:id_tokens config should be a hash`);
  return Object.entries(value).map(([name, token]): [string, Audience] => {
    const where = `jobs:${job}:id_tokens:${name}`;
    if (!isMap(token)) throw new CiConfigError(`${where} config should be a hash`);
    const extra = Object.keys(token).filter((k) => k !== 'aud');
    if (extra.length > 0) throw new CiConfigError(`${where} config contains unknown keys: ${extra.join(', ')}`);
    const aud = token.aud;
    if (typeof aud === 'string') return [name, aud];
    if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) return [name, aud as string[]];
    throw new CiConfigError(`${where} aud ${aud === undefined ? "can't be blank" : 'should be an array of strings or a string'}`);
  });
}

function environment(value: YamlValue | undefined, job: string): JobEnvironmentDefinition | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { name: value };
  if (isMap(value) && typeof value.name === 'string') {
    return {
      name: value.name,
      ...(typeof value.deployment_tier === 'string' ? { tier: value.deployment_tier as DeploymentTier } : {}),
      ...(typeof value.action === 'string' ? { action: value.action as EnvironmentAction } : {}),
    };
  }
  throw new CiConfigError(`jobs:${job}:environment config should be a hash or a string`);
}

/** Which `default:` keys a job inherits (`inherit:default: true | false | [keys]`). */
function inheritsDefault(job: YamlMap, key: string): boolean {
  const inherit = isMap(job.inherit) ? job.inherit.default : undefined;
  if (inherit === undefined || inherit === true) return true;
  if (inherit === false) return false;
  return Array.isArray(inherit) && inherit.includes(key);
}

/** Which global variables a job inherits (`inherit:variables: true | false | [names]`). */
function inheritedVariables(config: YamlMap, job: YamlMap): Array<[string, VariableDefinition]> {
  const all = variables(config.variables, 'variables');
  const inherit = isMap(job.inherit) ? job.inherit.variables : undefined;
  if (inherit === undefined || inherit === true) return all;
  if (inherit === false) return [];
  return all.filter(([name]) => Array.isArray(inherit) && inherit.includes(name));
}

export function jobDefinition(config: YamlMap, name: string): JobDefinition {
  const job = config[name];
  // Hidden jobs (".name") are templates: GitLab never runs them.
  if (!isMap(job) || RESERVED_KEYS.has(name) || name.startsWith('.')) {
    throw new CiConfigError(`no job "${name}" in the configuration (jobs: ${jobNames(config).join(', ') || 'none'})`);
  }
  const defaults = isMap(config.default) ? config.default : {};
  // A key the job sets wins whole; otherwise default:, then the deprecated top-level form.
  const pick = (key: string): YamlValue | undefined => {
    if (job[key] !== undefined) return job[key];
    if (!inheritsDefault(job, key)) return undefined;
    return defaults[key] ?? config[key];
  };
  const timeout = pick('timeout');
  const env = environment(job.environment, name);
  const definition: JobDefinition = {
    name,
    stage: typeof job.stage === 'string' ? job.stage : 'test',
    variables: [...inheritedVariables(config, job), ...variables(job.variables, `jobs:${name}:variables`)],
    beforeScript: scriptLines(pick('before_script'), `jobs:${name}:before_script`),
    script: scriptLines(job.script, `jobs:${name}:script`),
    afterScript: scriptLines(pick('after_script'), `jobs:${name}:after_script`),
    idTokens: idTokens(pick('id_tokens'), name),
  };
  if (definition.script.length === 0) throw new CiConfigError(`jobs:${name} config should implement the script:, run:, or trigger: keyword`);
  if (env !== undefined) definition.environment = env;
  if (typeof timeout === 'string' || typeof timeout === 'number') definition.timeoutSeconds = parseDuration(String(timeout));
  return definition;
}
