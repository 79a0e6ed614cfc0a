import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { SignedHttpRequest } from '../aws/sigv4/index.js';

/**
 * The request exactly as received, for SigV4: the raw target (Node keeps it undecoded), raw
 * header pairs with repeats kept apart (rawHeaders), and the body bytes.
 */
export function signedRequestOf(message: IncomingMessage, body: Buffer): SignedHttpRequest {
  const url = utf8Target(message.url ?? '/');
  const question = url.indexOf('?');
  const rawHeaders = message.rawHeaders;
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return {
    method: message.method ?? 'GET',
    path: question === -1 ? url : url.slice(0, question),
    query: question === -1 ? '' : url.slice(question + 1),
    headers,
    body,
  };
}

/** The same for a request Fastify routed (its body parser read the bytes). */
export function rawSignedRequest(request: FastifyRequest): SignedHttpRequest {
  return signedRequestOf(request.raw, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
}

// Node exposes the request target as latin1; a client that sent raw UTF-8 bytes signed them as UTF-8.
function utf8Target(target: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
  return /[^\x00-\x7f]/.test(target) ? Buffer.from(target, 'latin1').toString('utf8') : target;
}
