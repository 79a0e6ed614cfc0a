import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Level } from 'pino';
import type { QueryService } from '../aws/service.js';
import type { CredentialResolver } from '../aws/sigv4/index.js';
import { encodeError } from '../aws/wire-format.js';
import { REDACTED, REDACT_PATHS, serializeRequest } from './log-redaction.js';
import { createApiMetrics } from './metrics.js';
import { AWS_FAULT_NAMESPACE, dispatchQueryCall, serviceFailure, type Authorizer, type CallOutcome } from './query-dispatch.js';
import { rawSignedRequest } from './raw-request.js';

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
  /** More routes on the same port, registered before the catch-all Query routes (the web console). */
  extraRoutes?: Array<(app: FastifyInstance) => void>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The IAM/STS HTTP API: `POST /` and `GET /` in the awsQuery protocol (on any path too, so an
 * endpoint URL behind a path-prefixing proxy still works), `GET /healthz`, `GET /metrics`.
 */
export function createApiServer(options: ApiServerOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const now = options.now ?? (() => new Date());
  const logger: FastifyBaseLogger = pino(
    {
      level: options.logger?.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { req: serializeRequest },
    },
    options.logger?.stream,
  );
  const app = Fastify({ loggerInstance: logger, bodyLimit, genReqId: () => randomUUID() });
  const metrics = createApiMetrics();
  const config = {
    services: options.services,
    resolveCredential: options.resolveCredential,
    authorize: options.authorize,
    accountId: options.accountId,
    region: options.region ?? 'us-east-1',
  };

  // Every body is read as bytes: SigV4 hashes them as sent, and the Query decoder decides what a
  // form body is. A missing or foreign content type is AWS's business (a redirect), not a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

  const queryHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = process.hrtime.bigint();
    const outcome = await dispatchQueryCall(config, {
      requestId: request.id,
      raw: rawSignedRequest(request),
      contentType: request.headers['content-type'],
      accept: request.headers.accept,
      sourceIp: request.ip,
      now: now(),
    });
    if (outcome.fault !== undefined) request.log.error({ err: outcome.fault, action: outcome.actionLabel }, 'action failed');
    metrics.observe(outcome.actionLabel, outcome.code, Number(process.hrtime.bigint() - started) / 1e9);
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

  // Errors raised by Fastify itself (body too large, bad Content-Length…) are the client's: AWS
  // answers them with a bare status and an empty body (observed: 413 past its body limit).
  // Anything else is a bug on our side: the generic ServiceFailure envelope, the stack in the log.
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const clientError = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
    reply.header('x-amzn-RequestId', request.id);
    if (clientError) {
      metrics.observe('none', String(error.statusCode), 0);
      return reply.code(error.statusCode!).send('');
    }
    request.log.error({ err: error }, 'request failed');
    metrics.observe('none', 'ServiceFailure', 0);
    const failure = encodeError('xml', serviceFailure(), AWS_FAULT_NAMESPACE, request.id);
    return reply.code(failure.status).header('content-type', failure.contentType).send(Buffer.from(failure.body, 'utf8'));
  });
  return app;
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
