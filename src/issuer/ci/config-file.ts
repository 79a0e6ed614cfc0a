/**
 * Reading a .gitlab-ci.yml into plain values, and the two rewrites GitLab applies before it
 * looks at any job (in `Gitlab::Ci::Config#build_config` order): `extends:` first, then
 * `!reference [...]` tags — so a reference can point at keys a job inherited.
 */
import { parse, type CollectionTag } from 'yaml';
import { TrustbridgeError } from '../../errors.js';

export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap | Reference;
export interface YamlMap {
  [key: string]: YamlValue;
}

/** An unresolved `!reference [job, key, …]`. */
export class Reference {
  constructor(readonly path: string[]) {}
}

export class CiConfigError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_CI_CONFIG';
  override readonly code = CiConfigError.code;
}

/** GitLab's limits: extends chains up to 11 levels, references nested up to 10. */
const MAX_EXTENDS_DEPTH = 11;
const MAX_REFERENCE_DEPTH = 10;

const referenceTag: CollectionTag = {
  tag: '!reference',
  collection: 'seq',
  resolve: (seq): Reference => new Reference((seq.toJSON() as unknown[]).map(String)),
};

export function isMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Reference);
}

export function parseCiConfig(text: string): YamlMap {
  const doc = parse(text, { customTags: [referenceTag], merge: true, maxAliasCount: 1000 }) as YamlValue;
  if (!isMap(doc)) throw new CiConfigError('Invalid configuration format');
  return resolveReferences(resolveExtends(doc));
}

/** Hash values merge recursively; anything else (arrays included) is replaced, as GitLab's deep_merge. */
function deepMerge(base: YamlMap, override: YamlMap): YamlMap {
  const out: YamlMap = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    const merged = isMap(current) && isMap(value) ? deepMerge(current, value) : value;
    // defineProperty: a YAML key "__proto__" must stay data, never become the object's prototype.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function resolveExtends(config: YamlMap): YamlMap {
  const resolved = new Map<string, YamlMap>();
  const resolve = (name: string, chain: string[]): YamlMap => {
    const done = resolved.get(name);
    if (done !== undefined) return done;
    const entry = config[name];
    if (!isMap(entry)) throw new CiConfigError(`${chain.at(-1) ?? name}: unknown key in \`extends\` (${name})`);
    if (chain.includes(name)) throw new CiConfigError(`${name}: circular dependency detected in \`extends\``);
    if (chain.length >= MAX_EXTENDS_DEPTH) throw new CiConfigError(`${name}: nesting too deep in \`extends\``);
    const parents = entry.extends === undefined ? [] : Array.isArray(entry.extends) ? entry.extends : [entry.extends];
    let merged: YamlMap = {};
    for (const parent of parents) {
      if (typeof parent !== 'string') throw new CiConfigError(`${name}: invalid \`extends\` (${JSON.stringify(parent)})`);
      merged = deepMerge(merged, resolve(parent, [...chain, name]));
    }
    const { extends: _ignored, ...own } = entry;
    const result = deepMerge(merged, own);
    resolved.set(name, result);
    return result;
  };
  const out: YamlMap = {};
  for (const [key, value] of Object.entries(config)) out[key] = isMap(value) && value.extends !== undefined ? resolve(key, []) : value;
  return out;
}

function resolveReferences(config: YamlMap): YamlMap {
  const lookup = (ref: Reference, depth: number): YamlValue => {
    if (depth > MAX_REFERENCE_DEPTH) throw new CiConfigError(`!reference ${JSON.stringify(ref.path)} is nested too deeply`);
    let node: YamlValue | undefined = config;
    for (const key of ref.path) node = isMap(node) ? node[key] : undefined;
    if (node === undefined) throw new CiConfigError(`!reference ["${ref.path.join('", "')}"] could not be found`);
    return walk(node, depth + 1);
  };
  const walk = (value: YamlValue, depth: number): YamlValue => {
    if (value instanceof Reference) return lookup(value, depth);
    if (Array.isArray(value)) return value.map((v) => walk(v, depth));
    if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, depth)]));
    return value;
  };
  return walk(config, 0) as YamlMap;
}
