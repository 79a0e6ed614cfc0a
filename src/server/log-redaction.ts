import type { IncomingMessage } from 'node:http';

/**
 * Secrets must never reach a log line (DESIGN: "secrets never logged"). Requests are logged by a
 * serializer that never includes headers or bodies and masks sensitive query parameters (a
 * presigned URL carries its signature and session token; a GET AssumeRoleWithWebIdentity carries
 * the web identity token). The pino `redact` paths are a second net for code that logs headers.
 */
const SENSITIVE_QUERY_PARAMETERS = new Set(
  ['x-amz-signature', 'x-amz-security-token', 'x-amz-credential', 'webidentitytoken', 'samlassertion', 'secretaccesskey', 'sessiontoken']
);

export const REDACTED = '[Redacted]';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-amz-security-token"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-amz-security-token"]',
  'body',
  'req.body',
  'res.body',
];

/** The URL with the values of sensitive query parameters replaced. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // Keep the raw name: a malformed escape cannot hide a sensitive name from the check below.
      }
      return SENSITIVE_QUERY_PARAMETERS.has(decoded.toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, question)}?${query}`;
}

/** What a request log line says about the request: never headers, never the body. */
export function serializeRequest(request: { method?: string; url?: string; ip?: string; raw?: IncomingMessage }): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url ?? ''),
    remoteAddress: request.ip,
  };
}
