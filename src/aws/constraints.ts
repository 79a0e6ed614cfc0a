/**
 * A Smithy model's member constraints (pattern, length, range) as reusable checks, shared by
 * IAM and STS (the botocore models: botocore/data/{iam/2010-05-08,sts/2011-06-15}/service-2.json). Each returns the constraint sentences a value
 * violates, in AWS's order: pattern, then length or range. The services' own member
 * constraints (sts/constraints.ts, iam/inputs.ts) are declared with these.
 */

export interface StringConstraint {
  min?: number;
  max?: number;
  pattern?: { regex: RegExp; text: string };
}

export function stringViolations(value: string, c: StringConstraint): string[] {
  const out: string[] = [];
  if (c.pattern !== undefined && !c.pattern.regex.test(value)) out.push(`Member must satisfy regular expression pattern: ${c.pattern.text}`);
  if (c.min !== undefined && value.length < c.min) out.push(`Member must have length greater than or equal to ${c.min}`);
  if (c.max !== undefined && value.length > c.max) out.push(`Member must have length less than or equal to ${c.max}`);
  return out;
}

export function rangeViolations(value: number, min: number, max: number): string[] {
  if (value < min) return [`Member must have value greater than or equal to ${min}`];
  if (value > max) return [`Member must have value less than or equal to ${max}`];
  return [];
}

export const NOT_NULL = 'Member must not be null';
