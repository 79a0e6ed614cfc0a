/**
 * STS's member constraints (botocore/data/sts/2011-06-15/service-2.json), checked with aws/constraints.ts.
 */
import type { StringConstraint } from '../aws/constraints.js';

/** arnType (RoleArn, PolicyArns[].arn): any printable Unicode, 20..2048. */
export const ARN_TYPE: StringConstraint = {
  min: 20,
  max: 2048,
  pattern: {
    // eslint-disable-next-line no-control-regex -- AWS's member pattern names control characters
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
  // eslint-disable-next-line no-control-regex -- AWS's member pattern names control characters
  pattern: { regex: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, text: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
};

/** roleDurationSecondsType. */
export const DURATION_SECONDS = { min: 900, max: 43200, default: 3600 } as const;

/** The docs' limit on PolicyArns (the model sets none). */
export const MAX_POLICY_ARNS = 10;
