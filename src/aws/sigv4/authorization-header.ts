import { incompleteSignature } from './errors.js';
import { formatAmzDate, invalidDateFormat, parseAmzDate } from './request-time.js';
import type { SignatureClaims } from './signature-claims.js';
import { firstHeader, type SignedHttpRequest } from './signed-request.js';

/**
 * Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` the way AWS does:
 * parameters are separated by commas or spaces, each must be `key=value`, and every missing
 * parameter (and a missing date header) is listed in one IncompleteSignature message ending in
 * `Authorization=<header>` (wording: brendanhay/amazonka#316, jenkinsci/aws-credentials-plugin#72).
 */
export function parseAuthorizationHeader(header: string, request: SignedHttpRequest): SignatureClaims {
  const trimmed = header.trim();
  const space = trimmed.search(/[ ,]/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  const rest = space === -1 ? '' : trimmed.slice(space + 1);
  const params = new Map<string, string>();
  for (const token of rest.split(/[, ]/)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq === -1) {
      throw incompleteSignature(`'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
    }
    const key = token.slice(0, eq);
    if (!params.has(key)) params.set(key, token.slice(eq + 1));
  }

  const amzDateHeader = firstHeader(request, 'x-amz-date');
  const dateHeader = firstHeader(request, 'date');
  let missing = '';
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(name)) missing += `Authorization header requires '${name}' parameter. `;
  }
  if (amzDateHeader === undefined && dateHeader === undefined) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (missing !== '') throw incompleteSignature(`${missing}Authorization=${header}`);

  const { amzDate, signedAt } = requestDate(amzDateHeader, dateHeader!);
  const token = firstHeader(request, 'x-amz-security-token');
  return {
    form: 'header',
    algorithm,
    credential: params.get('Credential')!,
    signedHeaders: params.get('SignedHeaders')!.toLowerCase().split(';'),
    signature: params.get('Signature')!,
    amzDate,
    signedAt,
    expiresSeconds: undefined,
    sessionToken: token === undefined || token === '' ? undefined : token,
  };
}

/** X-Amz-Date wins; otherwise the HTTP Date header (RFC 7231), which the string to sign uses in basic format. */
function requestDate(amzDateHeader: string | undefined, dateHeader: string): { amzDate: string; signedAt: Date } {
  if (amzDateHeader !== undefined) {
    const signedAt = parseAmzDate(amzDateHeader.trim());
    if (signedAt === undefined) throw invalidDateFormat(amzDateHeader);
    return { amzDate: amzDateHeader.trim(), signedAt };
  }
  const millis = /GMT$/.test(dateHeader.trim()) ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(millis)) throw invalidDateFormat(dateHeader);
  const signedAt = new Date(millis);
  return { amzDate: formatAmzDate(signedAt), signedAt };
}
