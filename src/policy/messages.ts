/**
 * AWS's MalformedPolicyDocument messages, byte for byte (sources: getmoto/moto
 * tests/test_iam/test_iam_policies.py, LocalStack's test_iam_roles.snapshot.json for trust
 * policies, aws-cloudformation/cfn-lint#1376 for the Sid text).
 */
import { AwsError } from '../aws/error.js';

export const MESSAGES = {
  invalidJson: 'This policy contains invalid Json',
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  noActions: 'Policy statement must contain actions.',
  noResources: 'Policy statement must contain resources.',
  noPrincipalAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  prohibitedResource: 'Has prohibited field Resource',
  prohibitedNotResource: 'Has prohibited field NotResource',
  vendorMissing: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  federated: 'Federated principals must be valid domain names or SAML metadata ARNs',
} as const;

export function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, 400);
}
