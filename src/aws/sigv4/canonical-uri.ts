import { encodeRfc3986 } from '../rfc3986.js';

/**
 * The canonical URI of every service but S3: dot segments and empty segments removed, a trailing
 * slash kept only when the path ends with one (botocore and aws-sdk-js-v3 both do this), then each
 * byte outside the unreserved set percent-encoded, `/` kept. The path arrives already
 * percent-encoded, so escapes are encoded a second time (`%20` → `%2520`), as the SDKs sign it.
 * `normalize: false` is the S3 rule (no segment removal), used only by the published test vectors.
 */
export function canonicalUri(rawPath: string, normalize: boolean): string {
  const path = rawPath === '' ? '/' : rawPath;
  return encodeRfc3986(normalize ? removeDotSegments(path) : path, true);
}

function removeDotSegments(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  const trailing = kept.length > 0 && path.endsWith('/');
  return '/' + kept.join('/') + (trailing ? '/' : '');
}
