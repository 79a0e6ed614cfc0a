import { parseFormUrlEncoded, type FormPair } from '../form-urlencoded.js';
import type { Caller } from '../service.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { canonicalRequest } from './canonical-request.js';
import { checkScope, parseCredential } from './credential-scope.js';
import { incompleteSignature, missingAuthenticationToken, signatureDoesNotMatch } from './errors.js';
import { parsePresignedQuery } from './presigned-query.js';
import { checkClockWindow, checkPresignedWindow } from './request-time.js';
import { ALGORITHM, computeSignature, signaturesMatch, type CredentialScope } from './signature.js';
import type { SignatureClaims } from './signature-claims.js';
import { firstHeader, type SignedHttpRequest } from './signed-request.js';

/**
 * Finds the secret for an access key (and session token, for temporary credentials) and says who
 * the caller is. Throws AwsError InvalidClientTokenId for unknown keys or tokens and ExpiredToken
 * for expired sessions; `now` is the verifier's clock, so tests can pin it.
 */
export type CredentialResolver = (
  accessKeyId: string,
  sessionToken: string | undefined,
  now: Date,
) => Promise<{ secretAccessKey: string; caller: Caller }>;

export interface VerifyOptions {
  /** The scope service this endpoint answers for ('sts', 'iam'). */
  service: string;
  /** The scope region this endpoint answers for. */
  region: string;
  resolveCredential: CredentialResolver;
  now: Date;
  /** Remove dot and empty path segments before signing, as every service but S3 does. Default true. */
  normalizePath?: boolean;
}

export interface VerifiedSignature {
  accessKeyId: string;
  sessionToken: string | undefined;
  caller: Caller;
  scope: CredentialScope;
  form: SignatureClaims['form'];
  signedAt: Date;
}

/**
 * Verifies a SigV4-signed request, in AWS's order of checks, so each malformed request gets the
 * error AWS would give it: presence, parameters, date format, clock, Host signed, algorithm,
 * credential shape, scope, key (the resolver), then the signature, compared in constant time.
 */
export async function verifySignature(request: SignedHttpRequest, options: VerifyOptions): Promise<VerifiedSignature> {
  const claims = readClaims(request);

  if (claims.form === 'query' && claims.expiresSeconds !== undefined) {
    checkPresignedWindow(claims.amzDate, claims.signedAt, claims.expiresSeconds, options.now);
  } else {
    checkClockWindow(claims.amzDate, claims.signedAt, options.now);
  }
  if (!claims.signedHeaders.includes('host')) {
    throw signatureDoesNotMatch("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (claims.algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${claims.algorithm}' (only AWS4-HMAC-SHA256 for now). `);
  }
  const credential = parseCredential(claims.credential);
  checkScope(credential, options, claims.amzDate);

  const { secretAccessKey, caller } = await options.resolveCredential(credential.accessKeyId, claims.sessionToken, options.now);

  const canonical = canonicalRequest({
    request,
    signedHeaders: claims.signedHeaders,
    normalizePath: options.normalizePath ?? true,
    omitQueryParameter: claims.form === 'query' ? 'X-Amz-Signature' : undefined,
  });
  const expected = computeSignature(secretAccessKey, claims.amzDate, credential.scope, canonical);
  if (!signaturesMatch(expected, claims.signature)) throw signatureDoesNotMatch();

  return {
    accessKeyId: credential.accessKeyId,
    sessionToken: claims.sessionToken,
    caller,
    scope: credential.scope,
    form: claims.form,
    signedAt: claims.signedAt,
  };
}

function readClaims(request: SignedHttpRequest): SignatureClaims {
  const authorization = firstHeader(request, 'authorization');
  const queryPairs = parseFormUrlEncoded(request.query);
  const presigned = queryPairs.some(([name]) => name === 'X-Amz-Algorithm');
  if (authorization !== undefined && presigned) {
    // Coral's wording for the ambiguous case (recorded by mhart/dynalite).
    throw signatureDoesNotMatch("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  let claims: SignatureClaims;
  if (authorization !== undefined) claims = parseAuthorizationHeader(authorization, request);
  else if (presigned) claims = parsePresignedQuery(queryPairs);
  else throw missingAuthenticationToken();
  // X-Amz-Security-Token may travel as a header or a query parameter with either form.
  if (claims.sessionToken === undefined) claims.sessionToken = otherSessionToken(claims.form, request, queryPairs);
  return claims;
}

function otherSessionToken(form: SignatureClaims['form'], request: SignedHttpRequest, queryPairs: readonly FormPair[]): string | undefined {
  const token =
    form === 'header' ? queryPairs.find(([name]) => name === 'X-Amz-Security-Token')?.[1] : firstHeader(request, 'x-amz-security-token');
  return token === '' ? undefined : token;
}
