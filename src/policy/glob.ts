/**
 * Wildcard patterns (`*` any run of characters, `?` exactly one), compiled once into a test
 * function. Patterns without wildcards become a plain comparison, the common case on the hot path.
 * The marker characters from variables.ts stand for a literal `*` / `?` (substituted text).
 */
import { LITERAL_QUESTION, LITERAL_STAR } from './variables.js';

export type StringTest = (value: string) => boolean;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Regular-expression source for a glob, without anchors or flags. `any` is what `?` becomes
 * ('.' by default, '[^:]' inside an ARN's first five fields); `*` is `any` repeated.
 */
export function globSource(pattern: string, any = '.'): string {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += any + '*';
    else if (char === '?') source += any;
    else source += escapeRegExp(unmark(char));
  }
  return source;
}

/** The plain text of a pattern whose markers stand for literal wildcards. */
export function unmark(text: string): string {
  if (!text.includes(LITERAL_STAR) && !text.includes(LITERAL_QUESTION)) return text;
  return text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Compiles a glob; `ignoreCase` folds case on both sides (actions). */
export function compileGlob(pattern: string, ignoreCase = false): StringTest {
  if (pattern === '*') return () => true;
  if (!hasWildcard(pattern)) {
    const literal = unmark(pattern);
    if (!ignoreCase) return (value) => value === literal;
    const lower = literal.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const regex = new RegExp(`^${globSource(pattern)}$`, ignoreCase ? 'is' : 's');
  return (value) => regex.test(value);
}

/** True when any of the tests accepts the value. */
export function anyOf(tests: readonly StringTest[]): StringTest {
  if (tests.length === 1) return tests[0] as StringTest;
  return (value) => {
    for (const test of tests) if (test(value)) return true;
    return false;
  };
}
