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
  const reader = new ParamReader(params);
  const roleArn = reader.required('RoleArn', 'roleArn', ARN_TYPE);
  const roleSessionName = reader.required('RoleSessionName', 'roleSessionName', ROLE_SESSION_NAME);
  const webIdentityToken = reader.required('WebIdentityToken', 'webIdentityToken', WEB_IDENTITY_TOKEN, true);
  const providerId = reader.optional('ProviderId', 'providerId', PROVIDER_ID);
  const policyArns = reader.policyArns();
  const policy = reader.optional('Policy', 'policy', SESSION_POLICY);
  const durationSeconds = reader.duration();
  reader.finish(roleArn);
  return { roleArn, roleSessionName, webIdentityToken: trimTokenWhitespace(webIdentityToken), providerId, policyArns, policy, durationSeconds };
}

/**
 * Reads members in the model's order, collecting every constraint violation; finish() throws
 * them as one ValidationError, and only then checks the RoleArn's shape. Shared by the AssumeRole*
 * actions, whose common members carry the same constraints.
 */
export class ParamReader {
  readonly violations: ConstraintViolation[] = [];

  constructor(readonly params: QueryParams) {}

  required(name: string, member: string, c: StringConstraint, sensitive = false): string {
    const value = this.params.string(name);
    if (value === undefined) this.violations.push({ member, value: null, constraint: NOT_NULL });
    else this.check(member, value, c, sensitive);
    return value ?? '';
  }

  optional(name: string, member: string, c: StringConstraint): string | undefined {
    const value = this.params.string(name);
    if (value !== undefined) this.check(member, value, c, false);
    return value;
  }

  check(member: string, value: string, c: StringConstraint, sensitive: boolean): void {
    for (const constraint of stringViolations(value, c)) this.violations.push({ member, value: sensitive ? undefined : value, constraint });
  }

  policyArns(): string[] {
    const members = this.params.members('PolicyArns') ?? [];
    if (members.length > MAX_POLICY_ARNS) {
      this.violations.push({ member: 'policyArns', value: undefined, constraint: `Member must have length less than or equal to ${MAX_POLICY_ARNS}` });
    }
    return members.map((m, i) => {
      const arn = m.string('arn');
      const member = `policyArns.${i + 1}.member.arn`;
      if (arn === undefined) this.violations.push({ member, value: null, constraint: NOT_NULL });
      else this.check(member, arn, ARN_TYPE, false);
      return arn ?? '';
    });
  }

  duration(): number {
    const text = this.params.string('DurationSeconds');
    if (text === undefined) return DURATION_SECONDS.default;
    // UNVERIFIED wording: no capture of AWS's answer to a non-integer DurationSeconds exists.
    if (!/^-?\d{1,15}$/.test(text)) {
      this.violations.push({ member: 'durationSeconds', value: text, constraint: 'Member must be an integer' });
      return DURATION_SECONDS.default;
    }
    const value = Number(text);
    for (const constraint of rangeViolations(value, DURATION_SECONDS.min, DURATION_SECONDS.max)) {
      this.violations.push({ member: 'durationSeconds', value: String(value), constraint });
    }
    return value;
  }

  finish(roleArn: string): void {
    if (this.violations.length > 0) throw validationError(this.violations);
    if (!isWellFormedArn(roleArn)) throw validationMessage(`${roleArn} is invalid`);
  }
}

/**
 * GitLab's documented job script writes the token with `echo "$TOKEN" > file`, and botocore and
 * the JS SDK send the file's contents as they are, trailing newline included; AWS accepts such a
 * token (https://docs.gitlab.com/ci/cloud_services/aws/ and GitLab issue 391928's reports), so
 * the whitespace around it is not part of the token. Only ASCII whitespace: a JWT never contains any.
 */
export function trimTokenWhitespace(token: string): string {
  // By hand: the regular expression for this tried its end-anchored half at every position of
  // every token (a percent of the pipeline's time), where almost every token has nothing to trim.
  let start = 0;
  let end = token.length;
  while (start < end && isAsciiSpace(token.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(token.charCodeAt(end - 1))) end--;
  return start === 0 && end === token.length ? token : token.slice(start, end);
}

/** Space, tab, carriage return, line feed. */
function isAsciiSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

