/**
 * The policy document as the engine understands it, after validation: every list-or-scalar
 * element is a list, condition values are strings (AWS compares the text of numbers and
 * booleans too), and each statement knows where it sits in the source text.
 */
import type { PolicyKind, Position, PrincipalType } from './types.js';

export type PrincipalBlock = { wildcard: true } | { wildcard: false; entries: PrincipalEntry[] };

export interface PrincipalEntry {
  type: PrincipalType;
  values: string[];
}

export interface ParsedCondition {
  /** As written, e.g. "ForAnyValue:StringLikeIfExists". */
  operator: string;
  /** As written (matching is case-insensitive). */
  key: string;
  values: string[];
}

export interface ParsedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ParsedCondition[];
  start: Position;
  end: Position;
}

export interface ParsedPolicy {
  kind: PolicyKind;
  version?: string;
  id?: string;
  statements: ParsedStatement[];
}

const PRINCIPAL_ORDER: readonly PrincipalType[] = ['AWS', 'Federated', 'Service', 'CanonicalUser'];

/**
 * A canonical JSON text for a parsed policy: Statement always a list, elements in a fixed order.
 * Parsing this text again gives the same ParsedPolicy (positions aside).
 */
export function serializePolicy(policy: ParsedPolicy): string {
  return JSON.stringify(normalizedDocument(policy));
}

export function normalizedDocument(policy: ParsedPolicy): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  if (policy.version !== undefined) doc['Version'] = policy.version;
  if (policy.id !== undefined) doc['Id'] = policy.id;
  doc['Statement'] = policy.statements.map(statementDocument);
  return doc;
}

function statementDocument(s: ParsedStatement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.sid !== undefined) out['Sid'] = s.sid;
  out['Effect'] = s.effect;
  if (s.principal) out['Principal'] = principalDocument(s.principal);
  if (s.notPrincipal) out['NotPrincipal'] = principalDocument(s.notPrincipal);
  if (s.action) out['Action'] = s.action;
  if (s.notAction) out['NotAction'] = s.notAction;
  if (s.resource) out['Resource'] = s.resource;
  if (s.notResource) out['NotResource'] = s.notResource;
  if (s.conditions.length > 0) {
    const block: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions) (block[c.operator] ??= {})[c.key] = c.values;
    out['Condition'] = block;
  }
  return out;
}

function principalDocument(p: PrincipalBlock): unknown {
  if (p.wildcard) return '*';
  const out: Record<string, string[]> = {};
  const sorted = [...p.entries].sort((a, b) => PRINCIPAL_ORDER.indexOf(a.type) - PRINCIPAL_ORDER.indexOf(b.type));
  for (const e of sorted) out[e.type] = e.values;
  return out;
}
