/**
 * The errors a web-identity token can fail with. On the wire each is exactly what AWS STS sends
 * (code, message, status); the `reason` and `detail` are ours, for `trustbridge explain`, the
 * decision log and the doctor — they never reach the client.
 */
import { AwsError } from '../aws/error.js';

/** Why verification failed, in our own words. Stable identifiers: tests and explanations use them. */
export type OidcFailureReason =
  | 'malformed-token'
  | 'token-too-large'
  | 'unsupported-alg'
  | 'unknown-crit'
  | 'missing-claim'
  | 'invalid-claim'
  | 'unknown-issuer'
  | 'audience-mismatch'
  | 'key-unavailable'
  | 'unknown-kid'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'too-old';

export type OidcErrorCode = 'InvalidIdentityToken' | 'ExpiredTokenException' | 'ValidationError';

export class OidcVerificationError extends AwsError {
  constructor(
    override readonly code: OidcErrorCode,
    message: string,
    /** Our classification of the failure (never sent on the wire). */
    readonly reason: OidcFailureReason,
    /** A sentence for humans explaining what was wrong (never sent on the wire). */
    readonly detail: string,
  ) {
    super(code, message, 400);
  }
}

/**
 * AWS's wording, byte for byte (note the TWO spaces after the comma).
 * Source: the raw XML in awslabs/aws-sdk-rust#827.
 */
export const VERIFICATION_KEY_MESSAGE =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

/**
 * UNVERIFIED as a wire message: no public capture of AWS's answer to a non-JWT or a bad signature
 * exists. This is the STS model's (botocore/data/sts/2011-06-15/service-2.json) own description of
 * InvalidIdentityTokenException, the closest AWS-authored sentence for the case.
 */
export const NOT_VALIDATED_MESSAGE =
  'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.';

export function invalidToken(reason: OidcFailureReason, detail: string, message = NOT_VALIDATED_MESSAGE): OidcVerificationError {
  return new OidcVerificationError('InvalidIdentityToken', message, reason, detail);
}

/**
 * Any failure to obtain a key: discovery, JWKS, unknown kid, too many keys
 * (https://repost.aws/knowledge-center/iam-sts-invalididentitytoken).
 */
export function keyUnavailable(detail: string, reason: OidcFailureReason = 'key-unavailable'): OidcVerificationError {
  return invalidToken(reason, detail, VERIFICATION_KEY_MESSAGE);
}

/** mozilla-iam/mozilla-aws-cli#127 (raw XML): `iss` echoed exactly as it appears in the token. */
export function unknownIssuer(iss: string): OidcVerificationError {
  return invalidToken('unknown-issuer', `no OIDC provider has the URL ${JSON.stringify(iss)} (the match is exact, trailing slash included)`,
    `No OpenIDConnect provider found in your account for ${iss}`);
}

/** aws/aws-sdk-ruby#2698 (aud), aws-actions/configure-aws-credentials#502 (sub). */
export function missingClaim(claim: string): OidcVerificationError {
  return invalidToken('missing-claim', `the token has no "${claim}" claim`, `Missing a required claim: ${claim}`);
}

/** awslabs/amazon-eks-irsa-cfn#18, aws-actions/configure-aws-credentials#775. */
export function audienceMismatch(detail: string): OidcVerificationError {
  return invalidToken('audience-mismatch', detail, 'Incorrect token audience');
}

/** The current form (aws/aws-sdk-java-v2#5709): epoch seconds on both sides. */
export function tokenExpired(nowSeconds: number, exp: number, detail: string): OidcVerificationError {
  return new OidcVerificationError('ExpiredTokenException',
    `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${exp}`, 'expired', detail);
}

/** "Token too old: 441398" (raw XML in mozilla-iam/mozilla-aws-cli#146). */
export function tokenTooOld(ageSeconds: number, detail: string): OidcVerificationError {
  return new OidcVerificationError('ExpiredTokenException', `Token too old: ${ageSeconds}`, 'too-old', detail);
}

/**
 * The STS model (botocore/data/sts/2011-06-15/service-2.json) caps WebIdentityToken at 20000
 * characters; AWS answers a longer one with the model-constraint ValidationError, leaving the
 * sensitive value out (as for "Value null at 'webIdentityToken'" in fog/fog-aws#550). The STS layer
 * normally answers first; the verifier repeats the check so that it never parses an unbounded
 * input.
 */
export const MAX_TOKEN_LENGTH = 20000;

export function tokenTooLarge(length: number): OidcVerificationError {
  return new OidcVerificationError('ValidationError',
    `1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TOKEN_LENGTH}`,
    'token-too-large', `the token is ${length} characters long; STS accepts at most ${MAX_TOKEN_LENGTH}`);
}
