/**
 * The Query lane: `POST /` with a form body of a stated length — what the AWS CLI, boto3 and the
 * AWS SDKs send to IAM and STS — answered on node:http directly. Fastify's per-request path
 * (routing, its hook chain, a child logger, the content-type parser, the reply pipeline) cost a
 * `serve` worker about a fifth of its CPU per AssumeRoleWithWebIdentity in the profiles of
 * docs/benchmarks.md; nothing of it is needed for one fixed route whose body is read as bytes.
 *
 * The lane takes only requests whose framing it can judge at a glance; everything else (GET and
 * presigned URLs, other paths, chunked or oversize bodies, the console, /healthz, /metrics, any
 * request once the server is closing) goes to Fastify as before. Both hand the call to the same
 * answerer (`answer` in api-server.ts), so a call is answered alike on either path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { CallOutcome } from './query-dispatch.js';

/** The content type every SDK sends a Query call with; anything else is Fastify's to judge. */
const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded[ \t]*(?:;|$)/i;

/** Whether `request` is one the lane answers: POST /, a form body, a stated length within the limit. */
export function takesQueryLane(request: IncomingMessage, bodyLimit: number): boolean {
  if (request.method !== 'POST' || request.url !== '/') return false;
  const headers = request.headers;
  if (!FORM_CONTENT_TYPE.test(headers['content-type'] ?? '') || headers['transfer-encoding'] !== undefined) return false;
  const stated = headers['content-length'];
  if (stated === undefined || !/^\d{1,15}$/.test(stated)) return false;
  return Number(stated) <= bodyLimit;
}

/**
 * Reads the whole body (its length was stated and is within the limit: node's parser frames it).
 * `done` gets undefined when the request ended before its body did (the client went away).
 */
export function readStatedBody(request: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    received += chunk.length;
  };
  const finish = (body: Buffer | undefined): void => {
    request.off('data', onData);
    request.off('end', onEnd);
    request.off('error', onError);
    done(body);
  };
  const onEnd = (): void => finish(request.complete ? Buffer.concat(chunks, received) : undefined);
  const onError = (): void => finish(undefined);
  request.on('data', onData);
  request.on('end', onEnd);
  request.on('error', onError);
}

/**
 * Writes an outcome as Fastify's reply of bytes did: the outcome's headers (lower-cased, any that
 * HTTP cannot carry dropped and reported), application/octet-stream when the outcome names no
 * type (the 302 of a call without an Action), then content-length, then the body.
 */
export function writeOutcome(response: ServerResponse, outcome: CallOutcome, dropped: (header: string, error: unknown) => void): void {
  const headers: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(outcome.headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      headers[name.toLowerCase()] = value;
    } catch (error) {
      dropped(name, error);
    }
  }
  headers['content-type'] ??= 'application/octet-stream';
  headers['content-length'] = Buffer.byteLength(outcome.body, 'utf8');
  response.writeHead(outcome.status, headers);
  // A string, not a Buffer: node:http then sends the head and the body in one write of one
  // string, where a Buffer takes a corked writev of two chunks (12 % of a worker's profile).
  response.end(outcome.body, 'utf8');
}
