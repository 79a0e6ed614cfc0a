import { createHash } from 'node:crypto';
import { canonicalHeaders } from './canonical-headers.js';
import { canonicalQuery } from './canonical-query.js';
import { canonicalUri } from './canonical-uri.js';
import type { SignedHttpRequest } from './signed-request.js';

export interface CanonicalRequestInput {
  request: SignedHttpRequest;
  signedHeaders: readonly string[];
  normalizePath: boolean;
  /** X-Amz-Signature, for presigned URLs. */
  omitQueryParameter?: string;
}

/**
 * The SigV4 canonical request. The payload hash is always the SHA-256 of the body received:
 * IAM and STS accept no UNSIGNED-PAYLOAD, so a client that signed anything else (or a body that
 * changed in transit) fails the comparison.
 */
export function canonicalRequest(input: CanonicalRequestInput): string {
  const { request } = input;
  return [
    request.method,
    canonicalUri(request.path, input.normalizePath),
    canonicalQuery(request.query, input.omitQueryParameter),
    canonicalHeaders(request, input.signedHeaders),
    input.signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
