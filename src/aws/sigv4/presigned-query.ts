import type { FormPair } from '../form-urlencoded.js';
import { incompleteSignature } from './errors.js';
import { MAX_PRESIGN_SECONDS, invalidDateFormat, parseAmzDate } from './request-time.js';
import type { SignatureClaims } from './signature-claims.js';

const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'] as const;

/**
 * Reads a presigned URL's X-Amz-* parameters (aws-iam-authenticator and Vault-style
 * GetCallerIdentity). Missing ones are listed the way AWS's Coral services list them:
 * "AWS query-string parameters must include 'X-Amz-Signature'. … Re-examine the query-string parameters."
 */
export function parsePresignedQuery(pairs: readonly FormPair[]): SignatureClaims {
  const first = new Map<string, string>();
  for (const [name, value] of pairs) if (!first.has(name)) first.set(name, value);

  let missing = '';
  for (const name of REQUIRED) if (!first.get(name)) missing += `AWS query-string parameters must include '${name}'. `;
  if (missing !== '') throw incompleteSignature(`${missing}Re-examine the query-string parameters.`);

  const amzDate = first.get('X-Amz-Date')!;
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) throw invalidDateFormat(amzDate);
  const token = first.get('X-Amz-Security-Token');
  return {
    form: 'query',
    algorithm: first.get('X-Amz-Algorithm')!,
    credential: first.get('X-Amz-Credential')!,
    signedHeaders: first.get('X-Amz-SignedHeaders')!.toLowerCase().split(';'),
    signature: first.get('X-Amz-Signature')!,
    amzDate,
    signedAt,
    expiresSeconds: parseExpires(first.get('X-Amz-Expires')),
    sessionToken: token === undefined || token === '' ? undefined : token,
  };
}

// [inferred] wording: S3's text for the same limit; the Query services' exact text was not found.
function parseExpires(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,7}$/.test(value)) throw incompleteSignature(`X-Amz-Expires should be a number`);
  const seconds = Number(value);
  if (seconds > MAX_PRESIGN_SECONDS) {
    throw incompleteSignature(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_SECONDS}`);
  }
  return seconds;
}
