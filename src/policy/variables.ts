/**
 * Policy variables (reference_policies_variables.md): `${key}`, `${key, 'default'}`, and the
 * escapes `${*}`, `${?}`, `${$}`. Only Version 2012-10-17 documents have them; otherwise `${…}`
 * is literal text. Substituted text is always literal: in a wildcard context its `*` and `?`
 * are turned into marker characters that the glob compiler reads as the plain characters.
 */
import type { ContextValue } from './types.js';

/** Stand-ins for a literal `*` / `?` inside a glob (Unicode private use, never in ARNs). */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

type Part = string | { key: string; fallback?: string };

/** A value with variables, split into literal text and variable references. */
export interface Template {
  readonly raw: string;
  readonly parts: readonly Part[];
}

const VARIABLE = /\$\{([^}]*)\}/g;
const KEY_WITH_DEFAULT = /^\s*([^\s,][^,]*?)\s*(?:,\s*'([^']*)')?\s*$/;

/** The template for `value`, or the value itself when it contains nothing to substitute. */
export function parseTemplate(value: string): Template | string {
  if (!value.includes('${')) return value;
  const parts: Part[] = [];
  let last = 0;
  let substitutes = false;
  for (const match of value.matchAll(VARIABLE)) {
    const inner = match[1] ?? '';
    const index = match.index ?? 0;
    let part: Part | undefined;
    if (inner === '*' || inner === '?' || inner === '$') part = { key: '', fallback: inner };
    else {
      const parsed = KEY_WITH_DEFAULT.exec(inner);
      if (parsed?.[1]) part = parsed[2] === undefined ? { key: parsed[1].toLowerCase() } : { key: parsed[1].toLowerCase(), fallback: parsed[2] };
    }
    if (!part) continue;
    substitutes = true;
    if (index > last) parts.push(value.slice(last, index));
    parts.push(part);
    last = index + match[0].length;
  }
  if (!substitutes) return value;
  if (last < value.length) parts.push(value.slice(last));
  return { raw: value, parts };
}

/** Keys a template reads (lower-cased). */
export function templateKeys(template: Template | string): string[] {
  if (typeof template === 'string') return [];
  const keys: string[] = [];
  for (const part of template.parts) if (typeof part !== 'string' && part.key !== '') keys.push(part.key);
  return keys;
}

/**
 * Substitutes the request's values. Undefined when a key is absent without a default, or
 * multivalued: "any attempt to match it fails" (reference_policies_variables.md).
 */
export function resolveTemplate(
  template: Template | string,
  context: ReadonlyMap<string, ContextValue>,
  forGlob: boolean,
): string | undefined {
  if (typeof template === 'string') return template;
  let out = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let text: string | undefined;
    const value = part.key === '' ? undefined : context.get(part.key);
    if (value === undefined) text = part.fallback;
    else if (Array.isArray(value)) text = value.length === 1 ? String(value[0]) : undefined;
    else text = String(value);
    if (text === undefined) return undefined;
    out += forGlob ? text.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION) : text;
  }
  return out;
}
