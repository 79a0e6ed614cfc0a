/**
 * Wildcard patterns (`*` any run of characters, `?` exactly one), compiled once into a test.
 * Matching is linear-time (no regular expressions): request values come from callers (a token's
 * `sub`), and a backtracking regex for a pattern such as `*a*a*a*a*b` would let a crafted value
 * burn seconds of CPU. Common shapes (no wildcard, `prefix*`, `*suffix`) get a direct comparison.
 * The marker characters from variables.ts stand for a literal `*` / `?` (substituted text).
 */
import { LITERAL_QUESTION, LITERAL_STAR } from './variables.js';

export type StringTest = (value: string) => boolean;

const LITERAL = 0;
const STAR = 1;
const ONE = 2;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** The plain text of a pattern whose markers stand for literal wildcards. */
export function unmark(text: string): string {
  if (!text.includes(LITERAL_STAR) && !text.includes(LITERAL_QUESTION)) return text;
  return text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}

/** Compiles a glob; `ignoreCase` folds case on both sides (actions). */
export function compileGlob(pattern: string, ignoreCase = false): StringTest {
  if (pattern === '*') return () => true;
  const fold = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  if (!hasWildcard(pattern)) {
    const literal = fold(unmark(pattern));
    return ignoreCase ? (value) => value.length === literal.length && value.toLowerCase() === literal : (value) => value === literal;
  }
  const starAt = pattern.indexOf('*');
  const onlyStar = starAt === pattern.lastIndexOf('*') && !pattern.includes('?');
  if (onlyStar && starAt === pattern.length - 1) {
    const prefix = fold(unmark(pattern.slice(0, -1)));
    return ignoreCase ? (value) => value.toLowerCase().startsWith(prefix) : (value) => value.startsWith(prefix);
  }
  if (onlyStar && starAt === 0) {
    const suffix = fold(unmark(pattern.slice(1)));
    return ignoreCase ? (value) => value.toLowerCase().endsWith(suffix) : (value) => value.endsWith(suffix);
  }
  const chars: string[] = [];
  const kinds: number[] = [];
  for (const char of pattern) {
    kinds.push(char === '*' ? STAR : char === '?' ? ONE : LITERAL);
    chars.push(fold(unmark(char)));
  }
  return (value) => matchTokens(chars, kinds, Array.from(fold(value)));
}

/**
 * Greedy matching with one backtrack point (the last `*` seen): O(pattern × value) at worst.
 * Works on code points so that `?` is one character, surrogate pairs included.
 */
function matchTokens(chars: readonly string[], kinds: readonly number[], value: readonly string[]): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const kind = kinds[p];
    if (p < kinds.length && kind !== STAR && (kind === ONE || chars[p] === value[v])) {
      p++;
      v++;
    } else if (p < kinds.length && kind === STAR) {
      starP = p++;
      starV = v;
    } else if (starP !== -1) {
      p = starP + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (p < kinds.length && kinds[p] === STAR) p++;
  return p === kinds.length;
}

/** True when any of the tests accepts the value. */
export function anyOf(tests: readonly StringTest[]): StringTest {
  if (tests.length === 1) return tests[0] as StringTest;
  return (value) => {
    for (const test of tests) if (test(value)) return true;
    return false;
  };
}
