/**
 * Reads and validates a policy document, failing with AWS's exact MalformedPolicyDocument
 * message. The checks run in the order IAM applies them, because a document with several
 * faults gets the message of the first failing stage:
 *
 *   JSON → syntax → (trust rules) → version → legacy parsing → Sid → actions present
 *   → resource formats → resources present → action prefixes
 *
 * The stage order and the messages come from
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html and from the
 * cases moto reverse-engineered from AWS (tests/test_iam/test_iam_policies.py).
 */
import { parseOperatorName } from './condition/operator.js';
import { JsonSyntaxError, parseJson, type JsonEntry, type JsonNode } from './json.js';
import type { ParsedCondition, ParsedPolicy, ParsedStatement, PrincipalBlock, PrincipalEntry } from './model.js';
import { checkLegacyDate } from './legacy-date.js';
import { resourceFormatError, failsLegacyResourceParsing } from './resource-format.js';
import { malformed, MESSAGES } from './messages.js';
import { checkTrustPrincipal, isAssumeRoleAction } from './trust-rules.js';
import type { PolicyKind, PrincipalType } from './types.js';

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set(['2008-10-17', '2012-10-17']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES: ReadonlySet<string> = new Set<PrincipalType>(['AWS', 'Federated', 'Service', 'CanonicalUser']);

/** A statement as read from JSON, before kind-specific checks: each present element keeps its node. */
interface RawStatement {
  node: Extract<JsonNode, { type: 'object' }>;
  fields: Map<string, JsonNode>;
}

/** Validates `text` as a policy of `kind` and returns its model; throws AwsError otherwise. */
export function parsePolicy(text: string, kind: PolicyKind): ParsedPolicy {
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw malformed(kind === 'trust' ? MESSAGES.invalidJson : MESSAGES.syntax);
    throw error;
  }
  const top = syntaxCheck(root);
  const statements = top.statements;

  const namesPrincipals = kind === 'trust' || kind === 'resource';
  if (kind === 'trust') {
    for (const s of statements) {
      if (s.fields.has('Resource')) throw malformed(MESSAGES.prohibitedResource);
      if (s.fields.has('NotResource')) throw malformed(MESSAGES.prohibitedNotResource);
    }
  }
  if (namesPrincipals) {
    for (const s of statements) {
      if (!s.fields.has('Principal') && !s.fields.has('NotPrincipal')) throw malformed(MESSAGES.missingPrincipal);
    }
  } else {
    for (const s of statements) {
      if (s.fields.has('Principal') || s.fields.has('NotPrincipal')) throw malformed(MESSAGES.noPrincipalAllowed);
    }
  }

  if (kind === 'managed' && top.version !== '2012-10-17') throw malformed(MESSAGES.version);

  // "Legacy parsing": the Effect's exact case, date values, and ARNs with too few colons.
  for (const s of statements) {
    if (stringOf(s.fields.get('Effect')) !== 'Allow' && stringOf(s.fields.get('Effect')) !== 'Deny') {
      throw malformed(MESSAGES.legacy);
    }
    for (const c of conditionsOf(s)) {
      if (/^Date/.test(parseOperatorName(c.operator)?.base ?? '') && !c.values.every(checkLegacyDate)) {
        throw malformed(MESSAGES.legacy);
      }
    }
  }
  // IAM remembers the first bad resource format but reports it only after the existence checks.
  let resourceError: string | undefined;
  for (const element of ['Resource', 'NotResource']) {
    for (const s of statements) {
      const values = stringList(s.fields.get(element));
      if (values === undefined) continue;
      // IAM walks a list in reverse lexical order (observable in which error wins).
      const ordered = values.length > 1 ? [...values].sort().reverse() : values;
      for (const resource of ordered) resourceError = resourceFormatError(resource) ?? resourceError;
      if (resourceError === undefined && values.some(failsLegacyResourceParsing)) throw malformed(MESSAGES.legacy);
    }
  }

  const sids = new Set<string>();
  for (const s of statements) {
    const sid = stringOf(s.fields.get('Sid'));
    if (!sid) continue;
    if (!/^[0-9A-Za-z]*$/.test(sid)) throw malformed(MESSAGES.sidAlphanumeric);
    if (sids.has(sid)) throw malformed(MESSAGES.sidUnique);
    sids.add(sid);
  }

  for (const s of statements) {
    const actions = stringList(s.fields.get('Action')) ?? stringList(s.fields.get('NotAction'));
    if (!actions || actions.length === 0) throw malformed(MESSAGES.noActions);
  }
  if (resourceError !== undefined) throw malformed(resourceError);
  // Resources present before action prefixes: AWS answers {"Effect":"Allow","Action":"invalid"}
  // with "Policy statement must contain resources." (a recorded AWS response, issue 13).
  if (kind !== 'trust') {
    for (const s of statements) {
      const resources = stringList(s.fields.get('Resource')) ?? stringList(s.fields.get('NotResource'));
      if (!resources || resources.length === 0) throw malformed(MESSAGES.noResources);
    }
  }
  for (const element of ['Action', 'NotAction']) {
    for (const s of statements) for (const action of stringList(s.fields.get(element)) ?? []) checkActionPrefix(action);
  }

  if (kind === 'trust') {
    for (const s of statements) {
      const actions = stringList(s.fields.get('Action')) ?? [];
      if (!actions.every(isAssumeRoleAction)) throw malformed(MESSAGES.trustActions);
    }
  }

  const parsed: ParsedPolicy = {
    kind,
    statements: statements.map((s, index) => toStatement(s, index)),
  };
  if (top.version !== undefined) parsed.version = top.version;
  if (top.id !== undefined) parsed.id = top.id;
  if (namesPrincipals) {
    for (const s of parsed.statements) {
      for (const block of [s.principal, s.notPrincipal]) if (block) checkTrustPrincipal(block);
    }
  }
  return parsed;
}

/** The grammar checks; any failure is "Syntax errors in policy.". */
function syntaxCheck(root: JsonNode): { version?: string; id?: string; statements: RawStatement[] } {
  const fail = (): never => {
    throw malformed(MESSAGES.syntax);
  };
  if (root.type !== 'object') fail();
  const fields = fieldMap((root as Extract<JsonNode, { type: 'object' }>).entries);
  for (const key of fields.keys()) if (!TOP_ELEMENTS.has(key)) fail();
  const versionNode = fields.get('Version');
  if (versionNode && (versionNode.type !== 'string' || !VERSIONS.has(versionNode.value))) fail();
  const idNode = fields.get('Id');
  if (idNode && idNode.type !== 'string') fail();
  const statementNode = fields.get('Statement');
  if (!statementNode) return fail();
  let nodes: JsonNode[];
  if (statementNode.type === 'object') nodes = [statementNode];
  else if (statementNode.type === 'array' && statementNode.items.length > 0) nodes = statementNode.items;
  else return fail();

  const statements = nodes.map((node): RawStatement => {
    if (node.type !== 'object') return fail();
    const sFields = fieldMap(node.entries);
    for (const key of sFields.keys()) if (!STATEMENT_ELEMENTS.has(key)) fail();
    for (const [a, b] of [
      ['Action', 'NotAction'],
      ['Resource', 'NotResource'],
      ['Principal', 'NotPrincipal'],
    ] as const) {
      if (sFields.has(a) && sFields.has(b)) fail();
    }
    const effect = sFields.get('Effect');
    if (!effect || effect.type !== 'string' || !['allow', 'deny'].includes(effect.value.toLowerCase())) fail();
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      const value = sFields.get(key);
      if (value && stringList(value) === undefined) fail();
    }
    const sid = sFields.get('Sid');
    if (sid && sid.type !== 'string') fail();
    for (const key of ['Principal', 'NotPrincipal']) {
      const value = sFields.get(key);
      if (value && !principalSyntaxOk(value)) fail();
    }
    const condition = sFields.get('Condition');
    if (condition && !conditionSyntaxOk(condition)) fail();
    return { node, fields: sFields };
  });
  const out: { version?: string; id?: string; statements: RawStatement[] } = { statements };
  if (versionNode?.type === 'string') out.version = versionNode.value;
  if (idNode?.type === 'string') out.id = idNode.value;
  return out;
}

function fieldMap(entries: JsonEntry[]): Map<string, JsonNode> {
  return new Map(entries.map((e) => [e.key, e.value]));
}

function principalSyntaxOk(node: JsonNode): boolean {
  if (node.type === 'string') return node.value === '*';
  if (node.type !== 'object' || node.entries.length === 0) return false;
  return node.entries.every((e) => PRINCIPAL_TYPES.has(e.key) && stringList(e.value)?.length);
}

function conditionSyntaxOk(node: JsonNode): boolean {
  if (node.type !== 'object') return false;
  for (const { key: operator, value: block } of node.entries) {
    if (block.type !== 'object') return false;
    for (const { value } of block.entries) if (scalarList(value) === undefined) return false;
    // An unknown operator is tolerated only when it constrains nothing.
    if (parseOperatorName(operator) === null && block.entries.length > 0) return false;
  }
  return true;
}

/** A string or a list of strings, as a list; undefined for any other shape. */
function stringList(node: JsonNode | undefined): string[] | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return [node.value];
  if (node.type !== 'array') return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (item.type !== 'string') return undefined;
    out.push(item.value);
  }
  return out;
}

/** Condition values: a scalar or a flat list of scalars (numbers and booleans keep their JSON text). */
function scalarList(node: JsonNode): string[] | undefined {
  const scalar = (n: JsonNode): string | undefined => {
    if (n.type === 'string') return n.value;
    if (n.type === 'number') return n.raw;
    if (n.type === 'boolean') return String(n.value);
    return undefined;
  };
  if (node.type !== 'array') {
    const one = scalar(node);
    return one === undefined ? undefined : [one];
  }
  const out: string[] = [];
  for (const item of node.items) {
    const value = scalar(item);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

function conditionsOf(s: RawStatement): ParsedCondition[] {
  const node = s.fields.get('Condition');
  if (!node || node.type !== 'object') return [];
  const out: ParsedCondition[] = [];
  for (const { key: operator, value: block } of node.entries) {
    if (block.type !== 'object') continue;
    for (const { key, value } of block.entries) out.push({ operator, key, values: scalarList(value) ?? [] });
  }
  return out;
}

function principalBlock(node: JsonNode | undefined): PrincipalBlock | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return { wildcard: true };
  if (node.type !== 'object') return undefined;
  const entries: PrincipalEntry[] = node.entries.map((e) => ({
    type: e.key as PrincipalType,
    values: stringList(e.value) ?? [],
  }));
  // {"AWS":"*"} is the same as "*" (elements_principal.md, "All principals").
  if (entries.length === 1 && entries[0]?.type === 'AWS' && entries[0].values.length === 1 && entries[0].values[0] === '*') {
    return { wildcard: true };
  }
  return { wildcard: false, entries };
}

function toStatement(s: RawStatement, index: number): ParsedStatement {
  const out: ParsedStatement = {
    index,
    effect: stringOf(s.fields.get('Effect')) as 'Allow' | 'Deny',
    conditions: conditionsOf(s),
    start: s.node.start,
    end: s.node.end,
  };
  const sid = stringOf(s.fields.get('Sid'));
  if (sid !== undefined) out.sid = sid;
  const principal = principalBlock(s.fields.get('Principal'));
  if (principal) out.principal = principal;
  const notPrincipal = principalBlock(s.fields.get('NotPrincipal'));
  if (notPrincipal) out.notPrincipal = notPrincipal;
  for (const [element, field] of [
    ['Action', 'action'],
    ['NotAction', 'notAction'],
    ['Resource', 'resource'],
    ['NotResource', 'notResource'],
  ] as const) {
    const values = stringList(s.fields.get(element));
    if (values) out[field] = values;
  }
  return out;
}

function checkActionPrefix(action: string): void {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') throw malformed(MESSAGES.vendorMissing);
  if (parts.length > 2) throw malformed(MESSAGES.oneColon);
  const vendor = parts[0] ?? '';
  if (vendor !== '*' && /[^a-zA-Z0-9\-.]/.test(vendor)) throw malformed(`Vendor ${vendor} is not valid`);
}
