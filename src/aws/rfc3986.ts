/**
 * RFC 3986 percent-encoding of the UTF-8 bytes of `text` (uppercase hex), keeping `/` when asked.
 * Lone surrogates are encoded as U+FFFD rather than throwing as encodeURIComponent would.
 */
export function encodeRfc3986(text: string, keepSlash: boolean): string {
  if (/^[A-Za-z0-9\-._~]*$/.test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e ||
      (keepSlash && byte === 0x2f)
    ) {
      out += String.fromCharCode(byte);
    } else {
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}
