/**
 * The model's member constraints (botocore/data/sts/2011-06-15/service-2.json) as reusable checks. Each returns
 * the constraint sentences a value violates, in AWS's order: pattern, then length or range.
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

/** arnType (RoleArn, PolicyArns[].arn): any printable Unicode, 20..2048. */
export const ARN_TYPE: StringConstraint = {
  min: 20,
  max: 2048,
  pattern: {
    regex: /^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u,
    text: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  },
};

/** roleSessionNameType; the same shape holds for SourceIdentity (sourceIdentityType). */
export const ROLE_SESSION_NAME: StringConstraint = {
  min: 2,
  max: 64,
  pattern: { regex: /^[\w+=,.@-]*$/, text: '[\\w+=,.@-]*' },
};

/** clientTokenType: the web identity token (sensitive: its value is never echoed). */
export const WEB_IDENTITY_TOKEN: StringConstraint = { min: 4, max: 20000 };

/** urlType (ProviderId). */
export const PROVIDER_ID: StringConstraint = { min: 4, max: 2048 };

/** sessionPolicyDocumentType: Latin-1 text, at most 2048 characters. */
export const SESSION_POLICY: StringConstraint = {
  min: 1,
  max: 2048,
  pattern: { regex: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, text: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
};

/** roleDurationSecondsType. */
export const DURATION_SECONDS = { min: 900, max: 43200, default: 3600 } as const;

/** The docs' limit on PolicyArns (the model sets none). */
export const MAX_POLICY_ARNS = 10;
