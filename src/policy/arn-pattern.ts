/**
 * ARN patterns, as Resource elements and the Arn* condition operators use them: the first five
 * colon-separated fields (arn, partition, service, region, account) are matched one by one, so a
 * wildcard never crosses a colon there; the resource part (after the fifth colon) is one field in
 * which `*` spans `:` and `/`. Case-sensitive. (elements_resource.md; condition_operators.md,
 * "ArnLike vs StringLike".)
 */
import { compileGlob, hasWildcard, unmark, type StringTest } from './glob.js';

export function compileArnPattern(pattern: string): StringTest {
  if (pattern === '*') return () => true;
  if (!hasWildcard(pattern)) {
    const literal = unmark(pattern);
    return (value) => value === literal;
  }
  const fields = splitArn(pattern);
  // Not an ARN with a resource part (e.g. "arn:aws:fdsasf", which IAM accepts): plain glob.
  if (fields === undefined) return compileGlob(pattern);
  const tests = fields.map((field) => compileGlob(field));
  return (value) => {
    const actual = splitArn(value);
    if (actual === undefined) return false;
    for (let i = 0; i < 6; i++) if (!(tests[i] as StringTest)(actual[i] as string)) return false;
    return true;
  };
}

/** [arn, partition, service, region, account, resource] or undefined with fewer than five colons. */
export function splitArn(arn: string): string[] | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon === -1) return undefined;
    fields.push(arn.slice(start, colon));
    start = colon + 1;
  }
  fields.push(arn.slice(start));
  return fields;
}
