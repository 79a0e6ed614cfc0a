/**
 * How long a JWKS may be cached, from its response headers, clamped to [min, max].
 * `no-cache`, `no-store`, `max-age=0` and `Pragma: no-cache` mean "as briefly as we allow": AWS
 * changed STS to keep caching such issuers' keys to avoid refetch storms (AWS's note quoted in
 * https://gitlab.com/gitlab-org/gitlab/-/merge_requests/138405), and so do we, at the minimum.
 */
export function cacheLifetimeMs(headers: Record<string, string>, minMs: number, maxMs: number): number {
  const cacheControl = (headers['cache-control'] ?? '').toLowerCase();
  if (/\bno-(cache|store)\b/.test(cacheControl) || /\bno-cache\b/.test((headers.pragma ?? '').toLowerCase())) return minMs;
  const maxAge = /\bmax-age\s*=\s*"?(\d+)"?/.exec(cacheControl)?.[1];
  if (maxAge === undefined) return minMs;
  const ageHeader = Number.parseInt(headers.age ?? '0', 10);
  const seconds = Number.parseInt(maxAge, 10) - (Number.isFinite(ageHeader) ? ageHeader : 0);
  return Math.min(maxMs, Math.max(minMs, seconds * 1000));
}
