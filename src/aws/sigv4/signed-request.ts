/**
 * A request as it arrived, before any interpretation: what SigV4 verification needs to rebuild
 * the canonical request. Headers are raw pairs in arrival order, repeated names kept apart, so
 * duplicate headers canonicalise exactly as the client signed them.
 */
export interface SignedHttpRequest {
  method: string;
  /** The request-target path as sent, without the query (`/`, `//a/./b`, `/%20`). */
  path: string;
  /** The raw query string without `?`, or ''. */
  query: string;
  headers: ReadonlyArray<readonly [name: string, value: string]>;
  body: Buffer;
}

/** Every value of a header, matched case-insensitively, in arrival order. */
export function headerValues(request: SignedHttpRequest, lowerCaseName: string): string[] {
  const values: string[] = [];
  for (const [name, value] of request.headers) if (name.toLowerCase() === lowerCaseName) values.push(value);
  return values;
}

export function firstHeader(request: SignedHttpRequest, lowerCaseName: string): string | undefined {
  for (const [name, value] of request.headers) if (name.toLowerCase() === lowerCaseName) return value;
  return undefined;
}
