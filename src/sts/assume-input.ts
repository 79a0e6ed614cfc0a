/**
 * Reads and checks AssumeRoleWithWebIdentity's parameters exactly as STS does: every model
 * constraint that fails becomes one item of a single ValidationError (shape: the ValidationError snapshots in
 * localstack/localstack tests/aws/services/sts/test_sts.snapshot.json), in the
 * model's member order; only once they all pass is the RoleArn's shape checked.
 */
import type { QueryParams } from '../aws/query-params.js';
import { NOT_NULL, rangeViolations, stringViolations, type StringConstraint } from '../aws/constraints.js';
import { ARN_TYPE, DURATION_SECONDS, MAX_POLICY_ARNS, PROVIDER_ID, ROLE_SESSION_NAME, SESSION_POLICY, WEB_IDENTITY_TOKEN } from './constraints.js';
import { isWellFormedArn } from './role-arn.js';
import { validationError, validationMessage, type ConstraintViolation } from '../aws/validation-error.js';

export interface AssumeWebIdentityInput {
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  providerId: string | undefined;
  policyArns: string[];
  policy: string | undefined;
  durationSeconds: number;
}

export function readAssumeWebIdentityInput(params: QueryParams): AssumeWebIdentityInput {
  const violations: ConstraintViolation[] = [];
  const required = (name: string, member: string, c: StringConstraint, sensitive = false): string => {
    const value = params.string(name);
    if (value === undefined) violations.push({ member, value: null, constraint: NOT_NULL });
    else check(member, value, c, sensitive);
    return value ?? '';
  };
  const optional = (name: string, member: string, c: StringConstraint): string | undefined => {
    const value = params.string(name);
    if (value !== undefined) check(member, value, c, false);
    return value;
  };
  const check = (member: string, value: string, c: StringConstraint, sensitive: boolean): void => {
    for (const constraint of stringViolations(value, c)) violations.push({ member, value: sensitive ? undefined : value, constraint });
  };

  const roleArn = required('RoleArn', 'roleArn', ARN_TYPE);
  const roleSessionName = required('RoleSessionName', 'roleSessionName', ROLE_SESSION_NAME);
  const webIdentityToken = required('WebIdentityToken', 'webIdentityToken', WEB_IDENTITY_TOKEN, true);
  const providerId = optional('ProviderId', 'providerId', PROVIDER_ID);
  const policyArns = readPolicyArns(params, violations, check);
  const policy = optional('Policy', 'policy', SESSION_POLICY);
  const durationSeconds = readDuration(params.string('DurationSeconds'), violations);

  if (violations.length > 0) throw validationError(violations);
  if (!isWellFormedArn(roleArn)) throw validationMessage(`${roleArn} is invalid`);
  return { roleArn, roleSessionName, webIdentityToken: trimTokenWhitespace(webIdentityToken), providerId, policyArns, policy, durationSeconds };
}

/**
 * GitLab's documented job script writes the token with `echo "$TOKEN" > file`, and botocore and
 * the JS SDK send the file's contents as they are, trailing newline included; AWS accepts such a
 * token (https://docs.gitlab.com/ci/cloud_services/aws/ and GitLab issue 391928's reports), so
 * the whitespace around it is not part of the token. Only ASCII whitespace: a JWT never contains any.
 */
export function trimTokenWhitespace(token: string): string {
  return token.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function readPolicyArns(
  params: QueryParams,
  violations: ConstraintViolation[],
  check: (member: string, value: string, c: StringConstraint, sensitive: boolean) => void,
): string[] {
  const members = params.members('PolicyArns') ?? [];
  if (members.length > MAX_POLICY_ARNS) {
    violations.push({ member: 'policyArns', value: undefined, constraint: `Member must have length less than or equal to ${MAX_POLICY_ARNS}` });
  }
  return members.map((m, i) => {
    const arn = m.string('arn');
    const member = `policyArns.${i + 1}.member.arn`;
    if (arn === undefined) violations.push({ member, value: null, constraint: NOT_NULL });
    else check(member, arn, ARN_TYPE, false);
    return arn ?? '';
  });
}

function readDuration(text: string | undefined, violations: ConstraintViolation[]): number {
  if (text === undefined) return DURATION_SECONDS.default;
  // UNVERIFIED wording: no capture of AWS's answer to a non-integer DurationSeconds exists.
  if (!/^-?\d{1,15}$/.test(text)) {
    violations.push({ member: 'durationSeconds', value: text, constraint: 'Member must be an integer' });
    return DURATION_SECONDS.default;
  }
  const value = Number(text);
  for (const constraint of rangeViolations(value, DURATION_SECONDS.min, DURATION_SECONDS.max)) {
    violations.push({ member: 'durationSeconds', value: String(value), constraint });
  }
  return value;
}
