/**
 * Turns a validated policy into matchers once, so evaluation never parses. Compiled policies are
 * cached by sha256(kind + "\n" + text): a trust policy saved once is compiled once, whatever
 * number of nodes or calls use it.
 */
import { createHash } from 'node:crypto';
import { compileArnPattern } from './arn-pattern.js';
import { compileCondition, type CompiledCondition } from './condition/index.js';
import { anyOf, compileGlob, type StringTest } from './glob.js';
import { normalizedDocument, type ParsedPolicy, type ParsedStatement, type PrincipalBlock } from './model.js';
import { parsePolicy } from './parse.js';
import type { CompiledPolicy, CompiledStatement, EvalState, EvaluationRequest, PolicyKind } from './types.js';
import { parseTemplate, resolveTemplate, templateKeys } from './variables.js';

/** Compiled documents kept; the oldest is evicted first past the limit. */
const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledCore>();
/**
 * The same cache reached by text, per kind, so a hit costs a map lookup rather than a sha256
 * (STS may call compilePolicy on every request with the stored document).
 */
const byText: Record<PolicyKind, Map<string, CompiledCore>> = {
  identity: new Map(),
  trust: new Map(),
  session: new Map(),
  managed: new Map(),
  resource: new Map(),
};

/** What is shared by every use of one document; CompiledPolicy adds the caller's id. */
interface CompiledCore {
  kind: PolicyKind;
  hash: string;
  text: string;
  version: string | undefined;
  statements: readonly CompiledStatement[];
  normalized: unknown;
  parsed: ParsedPolicy;
  /** The CompiledPolicy handed out per id, so repeated calls allocate nothing. */
  views: Map<string, CompiledPolicy>;
}

const parsedByPolicy = new WeakMap<CompiledPolicy, ParsedPolicy>();

export function policyHash(document: string, kind: PolicyKind): string {
  return createHash('sha256').update(kind).update('\n').update(document).digest('hex');
}

/**
 * Validates (throwing AwsError MalformedPolicyDocument) and compiles, or returns the cached
 * compilation. `id` names the policy in results; it defaults to the first 12 hex of the hash.
 */
export function compilePolicy(document: string, kind: PolicyKind, id?: string): CompiledPolicy {
  let core = byText[kind].get(document);
  if (!core) {
    const hash = policyHash(document, kind);
    core = cache.get(hash) ?? compileParsed(parsePolicy(document, kind), hash, document);
    cache.set(hash, core);
    byText[kind].set(document, core);
    if (cache.size > CACHE_LIMIT) evict(cache.keys().next().value as string);
  }
  return view(core, id ?? core.hash.slice(0, 12));
}

function evict(hash: string): void {
  const core = cache.get(hash);
  cache.delete(hash);
  if (core) byText[core.kind].delete(core.text);
}

function view(core: CompiledCore, id: string): CompiledPolicy {
  let policy = core.views.get(id);
  if (!policy) {
    policy = { id, kind: core.kind, hash: core.hash, version: core.version, statements: core.statements, normalized: core.normalized };
    parsedByPolicy.set(policy, core.parsed);
    // Ids are few per document (its name, its ARN); cap them anyway against unbounded callers.
    if (core.views.size < 64) core.views.set(id, policy);
  }
  return policy;
}

/** Validates and compiles without touching the cache (the benchmark's baseline). */
export function compilePolicyUncached(document: string, kind: PolicyKind, id: string): CompiledPolicy {
  return view(compileParsed(parsePolicy(document, kind), policyHash(document, kind), document), id);
}

/** The parsed model behind a compiled policy (for explain and the simulator). */
export function parsedOf(policy: CompiledPolicy): ParsedPolicy {
  const parsed = parsedByPolicy.get(policy);
  if (!parsed) throw new Error('policy was not produced by compilePolicy');
  return parsed;
}

function compileParsed(parsed: ParsedPolicy, hash: string, text: string): CompiledCore {
  const variables = parsed.version === '2012-10-17';
  return {
    kind: parsed.kind,
    hash,
    text,
    views: new Map(),
    version: parsed.version,
    statements: parsed.statements.map((s) => compileStatement(s, variables)),
    normalized: normalizedDocument(parsed),
    parsed,
  };
}

function compileStatement(s: ParsedStatement, variables: boolean): CompiledStatement {
  const actionTest = anyOf((s.action ?? s.notAction ?? []).map((a) => compileGlob(a, true)));
  const matchAction = s.notAction ? (action: string) => !actionTest(action) : actionTest;

  let matchResource: CompiledStatement['matchResource'] = null;
  const resourceKeys: string[] = [];
  const resources = s.resource ?? s.notResource;
  if (resources) {
    const test = resourceMatcher(resources, variables, resourceKeys);
    const listsEverything = resources.includes('*');
    matchResource = s.notResource
      ? (resource, state) => (resource === '*' ? !listsEverything : !test(resource, state))
      : (resource, state) => resource === '*' || test(resource, state);
  }

  const conditions = s.conditions.map((c) => compileCondition(c, variables));
  const tests = conditions.map((c) => c.test);
  const conditionKeys = uniqueIgnoringCase([...conditions.flatMap((c) => c.keys), ...resourceKeys]);

  return {
    info: {
      index: s.index,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      effect: s.effect,
      start: s.start,
      end: s.end,
    },
    matchPrincipal: principalMatcher(s.principal, s.notPrincipal),
    matchAction,
    matchResource,
    matchConditions: allConditions(tests),
    conditionKeys,
    conditionKeysLower: conditionKeys.map((k) => k.toLowerCase()),
  };
}

/** All conditions must hold. Tracing evaluates every one so the trace is complete. */
function allConditions(tests: CompiledCondition[]): (state: EvalState) => boolean {
  if (tests.length === 0) return () => true;
  return (state) => {
    if (state.trace) {
      let all = true;
      for (const test of tests) all = test(state) && all;
      return all;
    }
    for (const test of tests) if (!test(state)) return false;
    return true;
  };
}

function resourceMatcher(
  patterns: readonly string[],
  variables: boolean,
  keysOut: string[],
): (resource: string, state: EvalState) => boolean {
  const templates = patterns.map((p) => (variables ? parseTemplate(p) : p));
  const statics: StringTest[] = [];
  const dynamic: Array<Exclude<(typeof templates)[number], string>> = [];
  for (const t of templates) {
    if (typeof t === 'string') statics.push(compileArnPattern(t));
    else {
      dynamic.push(t);
      keysOut.push(...templateKeys(t));
    }
  }
  const staticTest = statics.length > 0 ? anyOf(statics) : () => false;
  if (dynamic.length === 0) return (resource) => staticTest(resource);
  return (resource, state) => {
    if (staticTest(resource)) return true;
    for (const template of dynamic) {
      const pattern = resolveTemplate(template, state.context, true);
      if (pattern !== undefined && compileArnPattern(pattern)(resource)) return true;
    }
    return false;
  };
}

type Principal = EvaluationRequest['principal'];

function principalMatcher(principal?: PrincipalBlock, notPrincipal?: PrincipalBlock): CompiledStatement['matchPrincipal'] {
  if (principal) return blockMatcher(principal);
  if (notPrincipal) {
    const test = blockMatcher(notPrincipal);
    return (p) => !test(p);
  }
  return null;
}

const ACCOUNT_ID = /^[0-9]{12}$/;
const ROOT_ARN = /^arn:aws[a-z-]*:iam::([0-9]{12}):root$/;
const ACCOUNT_OF_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):/;

/**
 * Exact, case-sensitive principal matching. An account (its id or its :root ARN) under "AWS"
 * stands for every principal of that account (elements_principal.md).
 */
function blockMatcher(block: PrincipalBlock): (p: Principal) => boolean {
  if (block.wildcard) return () => true;
  const exact = new Map<string, Set<string>>();
  const accounts = new Set<string>();
  for (const entry of block.entries) {
    const set = exact.get(entry.type) ?? new Set<string>();
    for (const value of entry.values) {
      set.add(value);
      if (entry.type === 'AWS') {
        const account = ACCOUNT_ID.test(value) ? value : ROOT_ARN.exec(value)?.[1];
        if (account) accounts.add(account);
      }
    }
    exact.set(entry.type, set);
  }
  return (p) => {
    if (!p) return false;
    const set = exact.get(p.type);
    if (!set) return false;
    if (set.has(p.id) || set.has('*') || p.alsoKnownAs?.some((id) => set.has(id)) === true) return true;
    if (p.type !== 'AWS' || accounts.size === 0) return false;
    const account = ACCOUNT_ID.test(p.id) ? p.id : ACCOUNT_OF_ARN.exec(p.id)?.[1];
    return account !== undefined && accounts.has(account);
  };
}

function uniqueIgnoringCase(keys: string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.toLowerCase()) && seen.add(k.toLowerCase()) !== undefined);
}
