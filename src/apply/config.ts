/**
 * The `trustbridge.yaml` file: declared OIDC providers, managed policies and roles. Validated
 * with zod; every problem is reported with its YAML path (`roles[1].trust_policy: …`) so a
 * user finds the line without reading a stack trace.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TrustbridgeError } from '../errors.js';

/** A policy document written as YAML/JSON structure, or as a JSON string. */
const policyDocument = z.unknown().transform((value, ctx): Record<string, unknown> => {
  const refuse = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (value === undefined) return refuse('a policy document is required');
  let document: unknown = value;
  if (typeof value === 'string') {
    try {
      document = JSON.parse(value) as unknown;
    } catch {
      return refuse('is not valid JSON');
    }
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return refuse('must be a policy document: a mapping, or a JSON object as a string');
  }
  return document as Record<string, unknown>;
});

const tags = z.record(z.string().min(1).max(128), z.string().max(256)).default({});
const iamPath = z.string().regex(/^\/(?:[\x21-\x7e]*\/)?$/, 'must start and end with "/"').default('/');

const provider = z.strictObject({
  url: z.string().startsWith('https://', 'must be an https:// URL'),
  client_ids: z.array(z.string().min(1)).default([]),
  thumbprints: z.array(z.string().regex(/^[0-9A-Fa-f]{40}$/, 'must be 40 hex digits')).max(5).default([]),
  /** Relative to the YAML file. */
  static_jwks_file: z.string().min(1).optional(),
  tags,
});

const policy = z.strictObject({
  name: z.string().min(1).max(128),
  path: iamPath,
  description: z.string().max(1000).optional(),
  document: policyDocument,
});

const role = z.strictObject({
  name: z.string().min(1).max(64),
  path: iamPath,
  description: z.string().max(1000).optional(),
  max_session_duration: z.number().int().min(3600).max(43200).default(3600),
  trust_policy: policyDocument,
  inline_policies: z.record(z.string().min(1).max(128), policyDocument).default({}),
  /** Full ARNs, or names of policies declared in this file. */
  managed_policies: z.array(z.string().min(1)).default([]),
  tags,
});

const unique = <T>(key: (item: T) => string, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message: `duplicate ${what} ${k}` });
    seen.add(k);
  });
};

export const configSchema = z.strictObject({
  oidc_providers: z.array(provider).default([]).superRefine(unique((p) => p.url, 'provider url')),
  policies: z.array(policy).default([]).superRefine(unique((p) => p.name, 'policy name')),
  roles: z.array(role).default([]).superRefine(unique((r) => r.name.toLowerCase(), 'role name')),
});

export type ApplyConfig = z.infer<typeof configSchema>;
export type ProviderConfig = ApplyConfig['oidc_providers'][number];
export type PolicyConfig = ApplyConfig['policies'][number];
export type RoleConfig = ApplyConfig['roles'][number];

/** The file's problems, one line each, prefixed with their YAML path. */
export class ConfigError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_APPLY_CONFIG';
  override readonly code = ConfigError.code;
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface LoadedConfig {
  config: ApplyConfig;
  /** Static JWKS text by provider URL, read from the files the config names. */
  staticJwks: Map<string, string>;
}

export function parseConfig(text: string, file: string): ApplyConfig {
  let data: unknown;
  try {
    // Plain data only: no custom tags, and `__proto__` stays an ordinary key.
    data = parseYaml(text, { schema: 'core', merge: false }) ?? {};
  } catch (err) {
    throw new ConfigError(file, [err instanceof Error ? err.message : String(err)]);
  }
  const result = configSchema.safeParse(data);
  if (!result.success) throw new ConfigError(file, result.error.issues.map((issue) => `${yamlPath(issue.path)}: ${issue.message}`));
  return result.data;
}

export function loadConfig(file: string): LoadedConfig {
  const config = parseConfig(readFileSync(file, 'utf8'), file);
  const staticJwks = new Map<string, string>();
  const problems: string[] = [];
  config.oidc_providers.forEach((p, index) => {
    if (p.static_jwks_file === undefined) return;
    try {
      staticJwks.set(p.url, readFileSync(resolve(dirname(file), p.static_jwks_file), 'utf8').trim());
    } catch (err) {
      problems.push(`oidc_providers[${index}].static_jwks_file: cannot read ${p.static_jwks_file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  });
  if (problems.length > 0) throw new ConfigError(file, problems);
  return { config, staticJwks };
}

/** `['roles', 1, 'trust_policy']` → `roles[1].trust_policy`. */
export function yamlPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? '(top level)' : out;
}
