import { incompleteSignature } from './errors.js';
import { headerValues, type SignedHttpRequest } from './signed-request.js';

/**
 * `name:value\n` for each signed header, in the order of SignedHeaders. Repeated headers are
 * joined with `,` in arrival order; each value is trimmed and its runs of spaces, tabs and line
 * breaks (obsolete line folding) collapsed to one space, quoted strings included — the rules the
 * published test vectors pin down (get-header-value-trim, -multiline, -order, -key-duplicate).
 */
export function canonicalHeaders(request: SignedHttpRequest, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const values = headerValues(request, name);
    if (values.length === 0) {
      // Wording from an AWS IncompleteSignatureException quoted in awslabs/aws-mobile-appsync-sdk-js#702.
      throw incompleteSignature(`'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`);
    }
    out += `${name}:${values.map(trimAll).join(',')}\n`;
  }
  return out;
}

function trimAll(value: string): string {
  return value.replace(/[ \t\r\n]+/g, ' ').trim();
}
