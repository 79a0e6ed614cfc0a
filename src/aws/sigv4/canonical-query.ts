import { parseFormUrlEncoded } from '../form-urlencoded.js';
import { encodeRfc3986 } from '../rfc3986.js';

/**
 * The canonical query string: every parameter decoded exactly as the Query decoder reads it (so
 * what is signed is what the action sees), re-encoded per RFC 3986, sorted by name then value,
 * `name=value` joined by `&`. A presigned URL leaves its own X-Amz-Signature out.
 */
export function canonicalQuery(rawQuery: string, omitName?: string): string {
  return parseFormUrlEncoded(rawQuery)
    .filter(([name]) => name !== omitName)
    .map(([name, value]) => [encodeRfc3986(name, false), encodeRfc3986(value, false)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
