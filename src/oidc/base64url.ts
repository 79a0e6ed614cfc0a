/**
 * Strict base64url (RFC 7515 §2, RFC 4648 §5): the URL-safe alphabet, no padding, no whitespace,
 * and no non-canonical trailing bits. Node's Buffer.from(s, 'base64url') silently skips invalid
 * characters, which would let two different strings decode to the same bytes; a token must have
 * exactly one spelling.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function decodeBase64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Re-encoding must give the input back, otherwise the last character carried stray bits.
  return bytes.toString('base64url') === text ? bytes : undefined;
}
