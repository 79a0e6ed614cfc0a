/**
 * Reads and checks sts:AssumeRole's parameters, in the model's member order (RoleArn,
 * RoleSessionName, PolicyArns, Policy, DurationSeconds, Tags, TransitiveTagKeys, ExternalId,
 * SerialNumber, TokenCode, SourceIdentity — botocore/data/sts/2011-06-15/service-2.json,
 * AssumeRoleRequest), with the members AssumeRoleWithWebIdentity shares read by the same reader.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import type { QueryParams } from '../aws/query-params.js';
import type { Tag } from '../store/records.js';
import { ParamReader } from './assume-input.js';
import { NOT_NULL, type StringConstraint } from '../aws/constraints.js';
import { ARN_TYPE, ROLE_SESSION_NAME, SESSION_POLICY } from './constraints.js';
import { checkTags, MAX_TAGS } from './session-tags.js';

export interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  policyArns: string[];
  policy: string | undefined;
  durationSeconds: number;
  tags: Tag[];
  transitiveTagKeys: string[];
  externalId: string | undefined;
  sourceIdentity: string | undefined;
}

/** externalIdType. */
const EXTERNAL_ID: StringConstraint = { min: 2, max: 1224, pattern: { regex: /^[\w+=,.@:/-]*$/, text: '[\\w+=,.@:\\/-]*' } };
/** serialNumberType and tokenCodeType: MFA is not offered, but the shapes are still AWS's. */
const SERIAL_NUMBER: StringConstraint = { min: 9, max: 256, pattern: { regex: /^[\w+=/:,.@-]*$/, text: '[\\w+=/:,.@-]*' } };
const TOKEN_CODE: StringConstraint = { min: 6, max: 6, pattern: { regex: /^\d*$/, text: '[\\d]*' } };

export function readAssumeRoleInput(params: QueryParams): AssumeRoleInput {
  const reader = new ParamReader(params);
  const roleArn = reader.required('RoleArn', 'roleArn', ARN_TYPE);
  const roleSessionName = reader.required('RoleSessionName', 'roleSessionName', ROLE_SESSION_NAME);
  const policyArns = reader.policyArns();
  const policy = reader.optional('Policy', 'policy', SESSION_POLICY);
  const durationSeconds = reader.duration();
  const tags = readTags(reader);
  const transitiveTagKeys = params.list('TransitiveTagKeys') ?? [];
  if (transitiveTagKeys.length > MAX_TAGS) {
    reader.violations.push({
      member: 'transitiveTagKeys',
      value: undefined,
      constraint: `Member must have length less than or equal to ${MAX_TAGS}`,
    });
  }
  const externalId = reader.optional('ExternalId', 'externalId', EXTERNAL_ID);
  reader.optional('SerialNumber', 'serialNumber', SERIAL_NUMBER);
  reader.optional('TokenCode', 'tokenCode', TOKEN_CODE);
  const sourceIdentity = reader.optional('SourceIdentity', 'sourceIdentity', ROLE_SESSION_NAME);
  reader.finish(roleArn);
  // Lengths, patterns, case-insensitive duplicates and transitive keys that are not tags.
  checkTags(tags, transitiveTagKeys);
  return { roleArn, roleSessionName, policyArns, policy, durationSeconds, tags, transitiveTagKeys, externalId, sourceIdentity };
}

function readTags(reader: ParamReader): Tag[] {
  return (reader.params.members('Tags') ?? []).map((m, i) => {
    const key = m.string('Key');
    const value = m.string('Value');
    if (key === undefined) reader.violations.push({ member: `tags.${i + 1}.member.key`, value: null, constraint: NOT_NULL });
    if (value === undefined) reader.violations.push({ member: `tags.${i + 1}.member.value`, value: null, constraint: NOT_NULL });
    return { key: key ?? '', value: value ?? '' };
  });
}
