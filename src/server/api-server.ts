import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerFactoryHandler,
} from 'fastify';
import { pino, type DestinationStream, type Level } from 'pino';
import type { Registry } from 'prom-client';
import type { QueryService } from '../aws/service.js';
import type { CredentialResolver, SignedHttpRequest } from '../aws/sigv4/index.js';
import { AwsError } from '../aws/error.js';
import { encodeError } from '../aws/wire-format.js';
import { cloudTrailRecord, type AuditSink } from './audit.js';
import { REDACTED, REDACT_PATHS, serializeRequest } from './log-redaction.js';
import { createApiMetrics } from './metrics.js';
import { AWS_FAULT_NAMESPACE, dispatchQueryCall, serviceFailure, type Authorizer, type CallOutcome } from './query-dispatch.js';
import { rawSignedRequest, signedRequestOf } from './raw-request.js';
import { readStatedBody, takesQueryLane, writeOutcome } from './query-lane.js';

export interface ApiServerOptions {
  services: QueryService[];
  resolveCredential: CredentialResolver;
  /** The policy engine's decision for signed calls; absent means every verified caller is allowed. */
  authorize?: Authorizer;
  accountId: string;
  /** The SigV4 scope region this endpoint answers for, as a regional AWS endpoint does. */
  region?: string;
  logger?: { level?: Level | 'silent'; stream?: DestinationStream };
  /**
   * Largest request body accepted. AWS's Query endpoints take up to 10,000,000 bytes and answer
   * 413 with an empty body beyond; the largest legitimate IAM input (a policy document of 131,072
   * characters, URL-encoded) is far below 1 MiB, so that is the default.
   */
  bodyLimit?: number;
  /** The clock for SigV4 windows and handlers; tests pin it. */
  now?: () => Date;
  /** Adds the composition's own metrics (e.g. the decision writer's) to /metrics. */
  registerMetrics?: (registry: Registry) => void;
  /** More routes on the same port, registered before the catch-all Query routes (the web console). */
  extraRoutes?: Array<(app: FastifyInstance) => void>;
  /**
   * How long one request, headers and body, may take to arrive. Without it a client trickling a
   * body a byte at a time holds a socket forever (issue 10, finding 5).
   */
  requestTimeoutMs?: number;
  /** Receives a CloudTrail-shaped record of every API call answered (`--audit-log`). */
  audit?: AuditSink;
}

/** One Query call as both paths (Fastify's routes, the lane) hand it to the answerer. */
interface QueryCall {
  requestId: string;
  raw: SignedHttpRequest;
  headers: IncomingHttpHeaders;
  ip: string;
  /** The request's logger, made only when something is logged. */
  log(): FastifyBaseLogger;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The IAM/STS HTTP API: `POST /` and `GET /` in the awsQuery protocol (on any path too, so an
 * endpoint URL behind a path-prefixing proxy still works), `GET /healthz`, `GET /metrics`.
 */
export function createApiServer(options: ApiServerOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const now = options.now ?? (() => new Date());
  const rootLogger = pino(
    {
      level: options.logger?.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { req: serializeRequest },
    },
    options.logger?.stream,
  );
  const logger: FastifyBaseLogger = rootLogger;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const metrics = createApiMetrics();
  options.registerMetrics?.(metrics.registry);
  const config = {
    services: options.services,
    resolveCredential: options.resolveCredential,
    authorize: options.authorize,
    accountId: options.accountId,
    region: options.region ?? 'us-east-1',
  };

  /** One Query call, from whichever path it came by (Fastify's routes or the lane): dispatch, audit, metrics. */
  const answer = async (call: QueryCall): Promise<CallOutcome> => {
    const started = process.hrtime.bigint();
    const time = now();
    const outcome = await dispatchQueryCall(config, {
      requestId: call.requestId,
      raw: call.raw,
      contentType: call.headers['content-type'],
      accept: call.headers.accept,
      sourceIp: call.ip,
      now: time,
    });
    if (options.audit !== undefined && outcome.audited !== undefined) {
      try {
        options.audit.record(
          cloudTrailRecord(outcome.audited, {
            requestId: call.requestId,
            time,
            region: config.region,
            accountId: config.accountId,
            sourceIp: call.ip,
            userAgent: call.headers['user-agent'],
            claimedAccessKeyId: claimedAccessKeyId(call.headers.authorization, call.raw.query),
          }),
        );
      } catch (err) {
        // The audit log must never cost a caller their answer; a failure to record is logged.
        call.log().error({ err }, 'audit record failed');
      }
    }
    if (outcome.fault !== undefined) call.log().error({ err: outcome.fault, action: outcome.actionLabel }, 'action failed');
    metrics.observe(outcome.actionLabel, outcome.code, Number(process.hrtime.bigint() - started) / 1e9);
    return outcome;
  };

  /** A bug on our side, on either path: the stack to the log, the generic ServiceFailure to the wire. */
  const failed = (err: unknown, log: FastifyBaseLogger, requestId: string): CallOutcome => {
    log.error({ err }, 'request failed');
    metrics.observe('none', 'ServiceFailure', 0);
    return failureOutcome(requestId);
  };

  // POST / with a form body (query-lane.ts): answered here, never reaching Fastify.
  const lane = (request: IncomingMessage, response: ServerResponse): void => {
    const requestId = randomUUID();
    let log: FastifyBaseLogger | undefined;
    const requestLog = (): FastifyBaseLogger => (log ??= logger.child({ reqId: requestId }));
    const logged = rootLogger.isLevelEnabled('info');
    const started = logged ? process.hrtime.bigint() : 0n;
    if (logged)
      requestLog().info({ req: { method: request.method, url: request.url, ip: request.socket.remoteAddress } }, 'incoming request');
    readStatedBody(request, (body) => {
      // A client that left mid-body gets no answer: there is no one to read it.
      if (body === undefined) return;
      answer({
        requestId,
        raw: signedRequestOf(request, body),
        headers: request.headers,
        ip: request.socket.remoteAddress ?? '',
        log: requestLog,
      })
        .catch((err: unknown) => failed(err, requestLog(), requestId))
        .then((outcome) => {
          writeOutcome(response, outcome, (header, err) => requestLog().warn({ header, err }, 'dropped an invalid response header'));
          if (logged)
            requestLog().info(
              { res: { statusCode: response.statusCode }, responseTime: Number(process.hrtime.bigint() - started) / 1e6 },
              'request completed',
            );
        });
    });
  };
  let closing = false;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit,
    genReqId: () => randomUUID(),
    requestTimeout,
    // Node checks request deadlines on this interval (30 s by default), and refuses a headers
    // timeout longer than the request timeout.
    http: {
      headersTimeout: Math.min(60_000, requestTimeout),
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, requestTimeout / 4)),
    },
    // The server Fastify would make (lib/server.js, plain HTTP/1.1), with the lane in front.
    serverFactory: (handler: FastifyServerFactoryHandler, factoryOptions: Record<string, unknown>): Server => {
      const server = createServer(factoryOptions['http'] as ServerOptions, (request, response) => {
        if (!closing && takesQueryLane(request, bodyLimit)) lane(request, response);
        else handler(request, response);
      });
      server.keepAliveTimeout = factoryOptions['keepAliveTimeout'] as number;
      server.requestTimeout = factoryOptions['requestTimeout'] as number;
      server.setTimeout(factoryOptions['connectionTimeout'] as number);
      return server;
    },
  });
  // Once closing, Fastify answers new requests 503 and closes their connections: leave it to it.
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Every body is read as bytes: SigV4 hashes them as sent, and the Query decoder decides what a
  // form body is. A missing or foreign content type is AWS's business (a redirect), not a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

  const queryHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await answer({
      requestId: request.id,
      raw: rawSignedRequest(request),
      headers: request.headers,
      ip: request.ip,
      log: () => request.log,
    });
    return send(reply, outcome);
  };
  for (const register of options.extraRoutes ?? []) register(app);
  app.route({ method: ['GET', 'POST'], url: '/', handler: queryHandler });
  app.route({ method: ['GET', 'POST'], url: '/*', handler: queryHandler });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  // Errors raised by Fastify itself (body too large, bad Content-Length…) are the client's, and
  // SDKs parse an AWS error body for every 4xx: AWS's common errors name them
  // (https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html).
  // Anything else is a bug on our side: the generic ServiceFailure envelope, the stack in the log.
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    reply.header('x-amzn-RequestId', request.id);
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      metrics.observe('none', String(status), 0);
      const refusal = encodeError('xml', httpLevelError(status), AWS_FAULT_NAMESPACE, request.id);
      return reply.code(status).header('content-type', refusal.contentType).send(Buffer.from(refusal.body, 'utf8'));
    }
    return send(reply, failed(error, request.log, request.id));
  });
  return app;
}

/** The key id a SigV4 Authorization header or presigned query names, verified or not. */
function claimedAccessKeyId(authorization: string | undefined, query: string): string | undefined {
  const match =
    /Credential=([A-Z0-9]{16,128})\//.exec(authorization ?? '') ?? /(?:^|&)X-Amz-Credential=([A-Z0-9]{16,128})(?:\/|%2F)/i.exec(query);
  return match?.[1];
}

/** A bug on our side: the generic ServiceFailure envelope (the stack goes to the log, never the wire). */
function failureOutcome(requestId: string): CallOutcome {
  const failure = encodeError('xml', serviceFailure(), AWS_FAULT_NAMESPACE, requestId);
  return {
    status: failure.status,
    headers: { 'x-amzn-RequestId': requestId, 'content-type': failure.contentType },
    body: failure.body,
    actionLabel: 'none',
    code: 'ServiceFailure',
  };
}

/** The AWS common error for a refusal made at the HTTP level, before any action ran. */
function httpLevelError(status: number): AwsError {
  if (status === 413) return new AwsError('RequestEntityTooLargeException', 'The request entity is too large.', 413);
  return new AwsError('MalformedHttpRequestException', 'There are problems with the request at the HTTP level.', status);
}

function send(reply: FastifyReply, outcome: CallOutcome): FastifyReply {
  reply.code(outcome.status);
  for (const [name, value] of Object.entries(outcome.headers)) {
    try {
      reply.header(name, value);
    } catch (error) {
      // A handler-supplied header that HTTP cannot carry is dropped, never a 500.
      reply.log.warn({ header: name, err: error }, 'dropped an invalid response header');
    }
  }
  // Bytes, so Fastify adds no charset: the Content-Type stays exactly what AWS sends.
  return reply.send(Buffer.from(outcome.body, 'utf8'));
}
