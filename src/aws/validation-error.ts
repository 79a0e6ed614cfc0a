/**
 * AWS's parameter-constraint errors (localstack/localstack
 * tests/aws/services/sts/test_sts.snapshot.json): every violated constraint is
 * one item, `Value '<v>' at '<member>' failed to satisfy constraint: <constraint>`, and the items
 * are joined after "<N> validation error(s) detected: ".
 *
 * Order, as captured from STS (mmmorris1975/aws-runas#80, AssumeRoleWithSAML): members in the
 * model's order (roleArn before principalArn), and within a member the pattern before the length.
 */
import { AwsError } from './error.js';

export interface ConstraintViolation {
  /** camelCase member path, e.g. `roleSessionName` or `policyArns.1.member.arn`. */
  member: string;
  /**
   * The offending value as AWS prints it: a string is quoted, `null` prints as null, and
   * `undefined` leaves it out (sensitive members and lists).
   */
  value: string | null | undefined;
  constraint: string;
}

export function describeViolation(v: ConstraintViolation): string {
  const value = v.value === undefined ? '' : v.value === null ? ' null' : ` '${v.value}'`;
  return `Value${value} at '${v.member}' failed to satisfy constraint: ${v.constraint}`;
}

export function validationError(violations: readonly ConstraintViolation[]): AwsError {
  const n = violations.length;
  const head = n === 1 ? '1 validation error detected: ' : `${n} validation errors detected: `;
  return new AwsError('ValidationError', head + violations.map(describeViolation).join('; '), 400);
}

/** A ValidationError whose whole message is AWS's sentence (e.g. the MaxSessionDuration one). */
export function validationMessage(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}
