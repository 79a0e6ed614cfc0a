import { AwsError } from '../error.js';

/**
 * The authentication errors of signed Query calls, with AWS's exact wording.
 * Sources: InvalidClientTokenId as quoted in okta-awscli#145, ExpiredToken in
 * aws/aws-sdk-java-v2#1649, SignatureDoesNotMatch as every SDK reports it;
 * MissingAuthenticationToken from a raw STS 403 in amzn/selling-partner-api-docs#3081; the
 * IncompleteSignature and scope texts from AWS responses quoted in brendanhay/amazonka#316 (SES),
 * jenkinsci/aws-credentials-plugin#72 (STS) and the Coral-service messages collected in
 * mhart/dynalite; the clock texts from aws/aws-cli#6676 (GetCallerIdentity) and
 * serverless/enterprise#11.
 */
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function missingAuthenticationToken(): AwsError {
  return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
}

export function incompleteSignature(message: string): AwsError {
  return new AwsError('IncompleteSignature', message, 400);
}

export function signatureDoesNotMatch(message: string = SIGNATURE_MISMATCH_MESSAGE): AwsError {
  return new AwsError('SignatureDoesNotMatch', message, 403);
}

export function invalidClientTokenId(): AwsError {
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid', 403);
}

export function expiredToken(): AwsError {
  return new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
}
