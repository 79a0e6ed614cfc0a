/**
 * application/x-www-form-urlencoded decoding as AWS's query front end applies it to both the
 * POST body and the query string: `&`-separated pairs, the first `=` splits name from value,
 * `+` is a space, `%XX` is a byte, and the bytes are UTF-8.
 *
 * Decoding never throws: a malformed escape (`%G1`, a trailing `%`) stays literal and invalid
 * UTF-8 becomes U+FFFD, so garbage input reaches the action (which answers with AWS's
 * validation error) instead of crashing the request.
 */
export type FormPair = readonly [name: string, value: string];

export function parseFormUrlEncoded(text: string): FormPair[] {
  const pairs: FormPair[] = [];
  if (text === '') return pairs;
  for (const segment of text.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = eq === -1 ? segment : segment.slice(0, eq);
    const value = eq === -1 ? '' : segment.slice(eq + 1);
    pairs.push([decodeFormComponent(name), decodeFormComponent(value)]);
  }
  return pairs;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeFormComponent(component: string): string {
  if (!component.includes('%') && !component.includes('+')) return component;
  const source = Buffer.from(component, 'utf8');
  const out = Buffer.allocUnsafe(source.length);
  let length = 0;
  for (let i = 0; i < source.length; i++) {
    const byte = source[i]!;
    if (byte === 0x2b /* + */) {
      out[length++] = 0x20;
    } else if (byte === 0x25 /* % */ && i + 2 < source.length && isHex(source[i + 1]) && isHex(source[i + 2])) {
      out[length++] = parseInt(String.fromCharCode(source[i + 1]!, source[i + 2]!), 16);
      i += 2;
    } else {
      out[length++] = byte;
    }
  }
  return utf8.decode(out.subarray(0, length));
}

function isHex(byte: number | undefined): boolean {
  return (
    byte !== undefined &&
    ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66))
  );
}
