/**
 * Step 1a: split a compact JWS and decode its header and claims. Only the compact serialization
 * is a web-identity token: exactly three strict-base64url parts, the first two JSON objects.
 */
import { MAX_TOKEN_LENGTH, invalidToken, tokenTooLarge } from './errors.js';
import { decodeBase64url } from './base64url.js';
import type { JwsHeader, JwtClaims, ParsedToken } from './token.js';

export function parseToken(token: string): ParsedToken {
  if (token.length > MAX_TOKEN_LENGTH) throw tokenTooLarge(token.length);
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw invalidToken('malformed-token', `a compact JWS has 3 dot-separated parts; this token has ${parts.length}`);
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonObject(headerPart, 'header');
  if (typeof header.alg !== 'string') throw invalidToken('malformed-token', 'the header has no "alg" string');
  const claims = decodeJsonObject(payloadPart, 'payload');
  const signature = decodeBase64url(signaturePart);
  if (signature === undefined || signature.length === 0) {
    throw invalidToken('malformed-token', 'the signature part is empty or not strict base64url');
  }
  return {
    header: header as JwsHeader,
    claims,
    signingInput: Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'),
    signature,
  };
}

/**
 * fatal: invalid UTF-8 must not be repaired into a different string than the one signed.
 * Stateless between calls (no `stream`), so one decoder serves them all.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeJsonObject(part: string, what: 'header' | 'payload'): JwtClaims {
  const bytes = decodeBase64url(part);
  if (bytes === undefined || bytes.length === 0) {
    throw invalidToken('malformed-token', `the ${what} is empty or not strict base64url`);
  }
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(bytes));
  } catch {
    throw invalidToken('malformed-token', `the ${what} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidToken('malformed-token', `the ${what} is not a JSON object`);
  }
  return value as JwtClaims;
}
