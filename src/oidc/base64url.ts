/**
 * Strict base64url (RFC 7515 §2, RFC 4648 §5): the URL-safe alphabet, no padding, no whitespace,
 * and no non-canonical trailing bits. Node's Buffer.from(s, 'base64url') silently skips invalid
 * characters, which would let two different strings decode to the same bytes; a token must have
 * exactly one spelling.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function decodeBase64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1 || hasStrayBits(text)) return undefined;
  return Buffer.from(text, 'base64url');
}

/**
 * Whether the last character carries bits beyond the encoded bytes (RFC 4648 §3.5): with 2
 * characters in the last group it holds 4 such bits, with 3 it holds 2, and all must be zero.
 * Read from the character itself rather than by re-encoding the decoded bytes, which allocated a
 * second copy of every token part on STS's hot path.
 */
function hasStrayBits(text: string): boolean {
  const tail = text.length % 4;
  if (tail === 0) return false;
  const mask = tail === 2 ? 0b1111 : 0b11;
  return (sextet(text.charCodeAt(text.length - 1)) & mask) !== 0;
}

/** The 6-bit value of a base64url character (the alphabet was checked before). */
function sextet(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26; // a-z
  if (code >= 0x41) return code === 0x5f ? 63 : code - 0x41; // A-Z, and '_' (0x5f)
  if (code >= 0x30) return code - 0x30 + 52; // 0-9
  return 62; // '-'
}
