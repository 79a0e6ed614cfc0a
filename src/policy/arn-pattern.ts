/**
 * ARN patterns, as Resource elements and the Arn* condition operators use them: the first five
 * colon-separated fields (arn, partition, service, region, account) are matched one by one and a
 * wildcard never crosses a colon there; the resource part (after the fifth colon) is one field in
 * which `*` spans `:` and `/`. Case-sensitive. (elements_resource.md; condition_operators.md,
 * "ArnLike vs StringLike".)
 */
import { compileGlob, globSource, hasWildcard, unmark, type StringTest } from './glob.js';

export function compileArnPattern(pattern: string): StringTest {
  if (pattern === '*') return () => true;
  if (!hasWildcard(pattern)) {
    const literal = unmark(pattern);
    return (value) => value === literal;
  }
  const fields = splitArn(pattern);
  // Not an ARN with a resource part (e.g. "arn:aws:fdsasf", which IAM accepts): plain glob.
  if (fields === undefined) return compileGlob(pattern);
  const head = fields.slice(0, 5).map((f) => globSource(f, '[^:]'));
  const source = `^${head.join(':')}:${globSource(fields[5] as string)}$`;
  const regex = new RegExp(source, 's');
  return (value) => regex.test(value);
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
