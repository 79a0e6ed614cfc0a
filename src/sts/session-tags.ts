/**
 * Session tags and the source identity, which web-identity callers pass as token claims rather
 * than parameters (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html). The same rules as
 * AssumeRole's Tags apply (localstack/localstack tests/aws/services/sts/test_sts.snapshot.json): at
 * most 50, keys ≤ 128, values ≤ 256, keys unique case-insensitively, and every transitive key must
 * be one of the tags.
 */
import { AwsError } from '../aws/error.js';
import { invalidToken } from '../oidc/errors.js';
import type { JwtClaims } from '../oidc/token.js';
import type { Tag } from '../store/records.js';
import { stringViolations, type StringConstraint } from '../aws/constraints.js';
import { ROLE_SESSION_NAME } from './constraints.js';
import { validationError, type ConstraintViolation } from '../aws/validation-error.js';

export const TAGS_CLAIM = 'https://aws.amazon.com/tags';
export const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

export const MAX_TAGS = 50;
export const TAG_KEY: StringConstraint = { min: 1, max: 128, pattern: { regex: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, text: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' } };
const TAG_VALUE: StringConstraint = { max: 256, pattern: { regex: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, text: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' } };

export interface SessionTags {
  tags: Tag[];
  transitiveTagKeys: string[];
}

/** The tags a token asks for; undefined when it carries no tags claim. */
export function readSessionTags(claims: JwtClaims): SessionTags | undefined {
  const claim = claims[TAGS_CLAIM];
  if (claim === undefined) return undefined;
  if (!isObject(claim)) throw invalidToken('invalid-claim', `"${TAGS_CLAIM}" is not an object`);
  const principalTags = claim['principal_tags'] ?? {};
  const transitive = claim['transitive_tag_keys'] ?? [];
  if (!isObject(principalTags)) throw invalidToken('invalid-claim', `"${TAGS_CLAIM}".principal_tags is not an object`);
  if (!Array.isArray(transitive) || !transitive.every((k): k is string => typeof k === 'string')) {
    throw invalidToken('invalid-claim', `"${TAGS_CLAIM}".transitive_tag_keys is not an array of strings`);
  }
  const tags = Object.entries(principalTags).map(([key, value]): Tag => {
    // Multi-valued session tags do not exist: each value is a one-element array (id_session-tags).
    if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string') {
      throw invalidToken('invalid-claim', `session tag ${JSON.stringify(key)} is not a single-element array of a string`);
    }
    return { key, value: value[0] };
  });
  checkTags(tags, transitive);
  return { tags, transitiveTagKeys: transitive };
}

/** The tag rules every session-tag source shares (claims here, AssumeRole's Tags parameter). */
export function checkTags(tags: Tag[], transitiveTagKeys: string[]): void {
  const violations: ConstraintViolation[] = [];
  if (tags.length > MAX_TAGS) violations.push({ member: 'tags', value: undefined, constraint: `Member must have length less than or equal to ${MAX_TAGS}` });
  tags.forEach((tag, i) => {
    for (const constraint of stringViolations(tag.key, TAG_KEY)) violations.push({ member: `tags.${i + 1}.member.key`, value: tag.key, constraint });
    for (const constraint of stringViolations(tag.value, TAG_VALUE)) violations.push({ member: `tags.${i + 1}.member.value`, value: tag.value, constraint });
  });
  if (violations.length > 0) throw validationError(violations);

  const keys = new Set(tags.map((t) => t.key.toLowerCase()));
  if (keys.size !== tags.length) throw invalidParameterValue('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  if (!transitiveTagKeys.every((k) => keys.has(k.toLowerCase()))) {
    throw invalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  }
}

/** The source identity a token asks for; undefined when it carries none. */
export function readSourceIdentity(claims: JwtClaims): string | undefined {
  const value = claims[SOURCE_IDENTITY_CLAIM];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidToken('invalid-claim', `"${SOURCE_IDENTITY_CLAIM}" is not a string`);
  const violations = stringViolations(value, ROLE_SESSION_NAME).map((constraint) => ({ member: 'sourceIdentity', value, constraint }));
  if (violations.length > 0) throw validationError(violations);
  return value;
}

/** AssumeRole's texts in localstack/localstack tests/aws/services/sts/test_sts.snapshot.json. */
export function invalidParameterValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, 400);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
