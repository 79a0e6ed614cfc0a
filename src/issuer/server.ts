/**
 * The issuer over HTTPS: GitLab's discovery and JWKS endpoints, a certificate from the local
 * CA in the data directory, and optional scheduled key rotation. `trustbridge issuer` runs
 * this alone; `trustbridge up` starts it in-process next to IAM/STS.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { MasterKey } from '../store/master-key.js';
import {
  DISCOVERY_CACHE_CONTROL,
  discoveryDocument,
  DISCOVERY_PATH,
  JSON_CONTENT_TYPE,
  JWKS_CACHE_CONTROL,
  jwksDocument,
  JWKS_PATH,
} from './discovery.js';
import { normaliseIssuerUrl, recordIssuerUrl } from './issuer-settings.js';
import { KeyRing } from './keyring.js';
import { scheduleRotation } from './rotation-schedule.js';
import { ensureLocalTls, LOOPBACK_NAMES } from './tls/local-ca.js';

export interface IssuerOptions {
  /** Data directory: master key, key ring, local CA. */
  dir: string;
  /** 0 picks a free port. */
  port: number;
  /** Listen address; `localhost` (the default) listens on 127.0.0.1 and ::1. */
  host?: string;
  /** The issuer URL put in `iss` and discovery (GitLab's ci_id_tokens_issuer_url); default https://localhost:<port>. */
  url?: string;
  /** Rotate the signing key when it has signed this long. */
  rotateEverySeconds?: number;
  /** Called after each scheduled rotation with the kid that now signs. */
  onRotate?: (kid: string) => void;
  logger?: boolean;
  /** `--master-key-file`; otherwise TRUSTBRIDGE_MASTER_KEY, then `<dir>/master.key`. */
  masterKeyFile?: string;
}

export interface RunningIssuer {
  url: string;
  /** The local CA certificate to trust (AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, `--ca`). */
  caFile: string;
  /** The port actually bound. */
  port: number;
  keyring: KeyRing;
  close(): Promise<void>;
}

/**
 * The routes, on a Fastify instance of the caller's choosing. `issuerUrl` is read per request
 * because with port 0 the URL is known only once the server is bound; `pathPrefix` is the URL's
 * path (a relative root such as `/gitlab`), known up front.
 */
export function registerIssuerRoutes(app: FastifyInstance, keyring: KeyRing, issuerUrl: () => string, pathPrefix = ''): void {
  const prefix = pathPrefix.replace(/\/+$/, '');
  const sendJson = (reply: FastifyReply, cacheControl: string, body: unknown): FastifyReply =>
    reply.header('cache-control', cacheControl).type(JSON_CONTENT_TYPE).send(JSON.stringify(body));

  // GitLab answers cross-origin reads of these documents (rack-cors, any origin, no credentials).
  app.addHook('onSend', async (request, reply) => {
    if (request.headers.origin !== undefined) {
      reply.header('access-control-allow-origin', '*').header('access-control-allow-methods', 'GET, HEAD, OPTIONS');
    }
  });
  // Served both at the root and under the URL's path, so `--url https://host/gitlab` works behind a proxy that strips or keeps it.
  for (const base of new Set(['', prefix])) {
    app.get(`${base}${DISCOVERY_PATH}`, async (_req, reply) => sendJson(reply, DISCOVERY_CACHE_CONTROL, discoveryDocument(issuerUrl())));
    app.get(`${base}${JWKS_PATH}`, async (_req, reply) => sendJson(reply, JWKS_CACHE_CONTROL, jwksDocument(keyring.publishedKeys())));
    for (const path of [DISCOVERY_PATH, JWKS_PATH]) {
      app.options(`${base}${path}`, async (_req, reply) => reply.code(200).send(''));
    }
  }
}

export async function startIssuer(options: IssuerOptions): Promise<RunningIssuer> {
  const master = MasterKey.loadOrCreate(options.dir, { file: options.masterKeyFile });
  // Started first: on a fresh directory its key generation runs on the thread pool meanwhile.
  const opening = KeyRing.openForServer(options.dir, master);
  const requested = options.url !== undefined ? normaliseIssuerUrl(options.url) : undefined;
  const urlHost = requested !== undefined ? new URL(requested).hostname : 'localhost';
  const tls = ensureLocalTls(options.dir, LOOPBACK_NAMES.includes(urlHost) ? [] : [urlHost], new Date(), master);

  const app = Fastify({ https: { cert: tls.cert, key: tls.key }, logger: options.logger ?? false });
  const keyring = await opening;
  let url = requested ?? '';
  registerIssuerRoutes(app, keyring, () => url, requested !== undefined ? new URL(requested).pathname : '');
  await app.listen({ port: options.port, host: options.host ?? 'localhost' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  if (url === '') url = `https://localhost:${port}`;
  recordIssuerUrl(options.dir, url);

  const rotation =
    options.rotateEverySeconds !== undefined ? scheduleRotation(keyring, options.rotateEverySeconds, options.onRotate) : undefined;
  return {
    url,
    caFile: tls.caFile,
    port,
    keyring,
    close: async () => {
      rotation?.stop();
      await app.close();
    },
  };
}
