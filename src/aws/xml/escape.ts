/**
 * Escapes text for XML element content. Quotes and apostrophes stay literal in content, as in
 * AWS's bodies (`Couldn't retrieve verification key…`, awslabs/aws-sdk-rust#827); only `escapeXmlAttribute`
 * escapes `"`, the delimiter of the attributes we write.
 *
 * `&`, `<`, `>` are escaped; `\r` becomes `&#xD;` so a carriage return survives a
 * parser's line-ending normalisation, and characters that XML 1.0 cannot carry at all (C0
 * controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) become U+FFFD: emitting them
 * would make botocore's and the SDKs' parsers reject the whole response.
 */
const PREDEFINED: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#xD;',
};

// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>\r]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;

export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(SPECIAL, (match) => {
    if (match.length === 2) return match; // a valid surrogate pair: an astral character, kept
    return PREDEFINED[match] ?? '\uFFFD';
  });
}

export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;');
}
