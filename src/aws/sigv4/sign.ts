/**
 * SigV4 signing of an outgoing request (the Authorization-header form), built on the same
 * canonical-request and signature steps the verifier uses, so what we sign is by construction
 * what our own endpoint checks.
 */
import { canonicalRequest, sha256Hex } from './canonical-request.js';
import { ALGORITHM, computeSignature, scopeString, type CredentialScope } from './signature.js';
import { formatAmzDate } from './request-time.js';
import type { SignedHttpRequest } from './signed-request.js';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials only: sent (and signed) as X-Amz-Security-Token. */
  sessionToken?: string | undefined;
}

export interface SignOptions {
  credentials: SigningCredentials;
  region: string;
  service: string;
  now: Date;
  /** Also send and sign x-amz-content-sha256 (S3-style; IAM and STS do not need it). */
  signPayloadHash?: boolean;
  /** Remove dot and empty path segments, as every service but S3 does. Default true. */
  normalizePath?: boolean;
}

/**
 * Headers that proxies and clients add or rewrite in transit; signing them would make a valid
 * request fail verification (the same list aws-c-auth and botocore leave out).
 */
const UNSIGNED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id', 'expect', 'connection']);

/**
 * Returns the request with X-Amz-Date, the session token (when given), optionally
 * x-amz-content-sha256, and the Authorization header added. Every other header present is
 * signed; the caller must include Host, exactly as it will be sent.
 */
export function signRequest(request: SignedHttpRequest, options: SignOptions): SignedHttpRequest {
  const amzDate = formatAmzDate(options.now);
  const headers: Array<readonly [string, string]> = request.headers.filter(([name]) => name.toLowerCase() !== 'authorization');
  headers.push(['X-Amz-Date', amzDate]);
  if (options.signPayloadHash === true) headers.push(['x-amz-content-sha256', sha256Hex(request.body)]);
  const token = options.credentials.sessionToken;
  if (token !== undefined && token !== '') headers.push(['X-Amz-Security-Token', token]);

  const unsigned: SignedHttpRequest = { ...request, headers };
  const signedHeaders = [...new Set(headers.map(([name]) => name.toLowerCase()))].filter((name) => !UNSIGNED_HEADERS.has(name)).sort();
  const scope: CredentialScope = { date: amzDate.slice(0, 8), region: options.region, service: options.service };
  const canonical = canonicalRequest({ request: unsigned, signedHeaders, normalizePath: options.normalizePath ?? true });
  const signature = computeSignature(options.credentials.secretAccessKey, amzDate, scope, canonical);
  const credential = `${options.credentials.accessKeyId}/${scopeString(scope)}`;
  return {
    ...unsigned,
    headers: [
      ...headers,
      ['Authorization', `${ALGORITHM} Credential=${credential}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`],
    ],
  };
}
