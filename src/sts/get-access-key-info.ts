/**
 * sts:GetAccessKeyInfo: the account an access key id belongs to, read from the id itself as AWS
 * encodes it (see aws/ids.ts;
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html); no lookup, so it
 * works for any key, ours or not.
 */
import { AwsError } from '../aws/error.js';
import { accountFromKeyId } from '../aws/ids.js';
import type { ActionHandler } from '../aws/service.js';
import { NOT_NULL, stringViolations, type StringConstraint } from '../aws/constraints.js';
import { validationError } from '../aws/validation-error.js';

/** accessKeyIdType in the STS model. */
const ACCESS_KEY_ID: StringConstraint = { min: 16, max: 128, pattern: { regex: /^\w*$/, text: '[\\w]*' } };

export const getAccessKeyInfo: ActionHandler = async (params) => {
  const keyId = params.string('AccessKeyId');
  if (keyId === undefined) throw validationError([{ member: 'accessKeyId', value: null, constraint: NOT_NULL }]);
  const violations = stringViolations(keyId, ACCESS_KEY_ID).map((constraint) => ({ member: 'accessKeyId', value: keyId, constraint }));
  if (violations.length > 0) throw validationError(violations);
  const account = accountFromKeyId(keyId);
  // UNVERIFIED wording: AWS decodes any well-formed id; one that carries no account has no capture.
  if (account === undefined) throw new AwsError('InvalidParameterValue', `${keyId} is not a valid access key id`, 400);
  return { Account: account };
};
