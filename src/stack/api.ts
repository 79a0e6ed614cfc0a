/**
 * The IAM/STS API as one running thing: master key, store, admin key, services, SigV4 resolver,
 * authoriser and HTTP server, wired together. `serve` runs this alone; `up` runs it beside the
 * issuer.
 */
import type { FastifyInstance } from 'fastify';
import type { QueryService } from '../aws/service.js';
import { JwksCache, providerThumbprint, readCaFiles, type IssuerHttpOptions } from '../oidc/index.js';
import { closeGracefully, createApiServer, listen } from '../server/index.js';
import { createSessionCredentialResolver, createStsService, sessionKeyRingFromMasterKey, UnverifiedCallLimiter, type RateLimit } from '../sts/index.js';
import { MasterKey } from '../store/master-key.js';
import { openChangeFeed } from '../store/change-feed.js';
import { openStore } from '../store/open.js';
import type { AccessKeyRecord, GivenAccessKey } from '../store/records.js';
import type { Store } from '../store/store.js';
import { registerConsole } from '../console/routes.js';
import { mintSignInToken, signInLink } from '../console/sign-in-link.js';
import { ensureAdminKey } from './admin-key.js';
import { defaultStoreUrl } from '../workspace/data-dir.js';
import { createAuthorizer } from './authorizer.js';
import { cachedReads } from './cached-reads.js';
import { createCredentialResolver } from './credential-resolver.js';
import { registerDecisionLogMetrics } from './decision-log-metrics.js';
import { AuditLogFile } from './audit-log-file.js';
import { DecisionPruner } from './decision-pruner.js';
import { DecisionWriter } from './decision-writer.js';
import { observedStore } from './observed-store.js';
import { ReadCache } from './read-cache.js';
import { createTrustbridgeIam } from './iam.js';

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';
/** Session-token sealing keys, newest first; a new id here rotates without invalidating old sessions. */
const SESSION_KEY_IDS = ['s1'];

export interface ApiOptions {
  dir: string;
  /** `sqlite:PATH` or `postgres://…`; defaults to SQLite in the data directory. */
  storeUrl?: string;
  accountId?: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Extra CA files trusted when fetching issuers' discovery and JWKS. */
  caFiles?: string[];
  /** Lets STS fetch keys from loopback/private issuers (the SSRF guard refuses them otherwise). */
  allowPrivateIssuers?: boolean;
  /** Origins (scheme, host, port) that may be private even without allowPrivateIssuers: `up`'s own issuer, exactly. */
  allowPrivateOrigins?: string[];
  /** Per-address allowance for AssumeRoleWithWebIdentity calls no provider vouched for (default 50/s, burst 200). */
  unverifiedCallLimit?: RateLimit;
  /** `--master-key-file`; otherwise TRUSTBRIDGE_MASTER_KEY, then `<dir>/master.key` (src/store/master-key.ts). */
  masterKeyFile?: string;
  /** Decision rows older than this are pruned in the background (default 30 days). */
  decisionRetentionMs?: number;
  /** At most this many decision rows are kept, the newest (default 1,000,000). */
  decisionMaxRows?: number;
  /** How often each node prunes the decision log (default 5 minutes). */
  decisionPruneIntervalMs?: number;
  /** Append a CloudTrail-shaped JSON line per API call to this file (`-`: stdout). */
  auditLog?: string;
  logLevel?: 'silent' | 'info' | 'warn' | 'error' | 'debug';
  /** A fixed admin key pair (test set-ups) instead of a generated one. */
  adminKey?: GivenAccessKey;
  /** Issuers' keys from elsewhere instead of this node's own fetches: a serve worker's copies of its primary's (src/oidc/shared-jwks.ts). */
  tokenKeys?: JwksCache;
}

export interface RunningApi {
  url: string;
  port: number;
  accountId: string;
  store: Store;
  adminKey: AccessKeyRecord;
  server: FastifyInstance;
  /** The IAM service, for in-process calls such as `up`'s bootstrap. */
  iam: QueryService;
  /** A fresh one-time sign-in link to the web console. */
  consoleLink(): string;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the store once and makes sure the admin key exists, then closes it: what
 * a `serve --workers N` primary does before its workers start, so they do not race to create it.
 */
export async function prepareStore(options: Pick<ApiOptions, 'dir' | 'storeUrl' | 'accountId' | 'adminKey' | 'masterKeyFile'>): Promise<AccessKeyRecord> {
  const masterKey = MasterKey.loadOrCreate(options.dir, { file: options.masterKeyFile });
  const store = await openStore(options.storeUrl ?? defaultStoreUrl(options.dir), masterKey);
  try {
    return await ensureAdminKey(store, options.accountId ?? DEFAULT_ACCOUNT, options.adminKey);
  } finally {
    await store.close();
  }
}

/** How this node reaches issuers for their keys (CAs, SSRF exceptions); a serve primary fetches for its workers with the same. */
export function issuerHttpOptions(
  options: Pick<ApiOptions, 'caFiles' | 'allowPrivateIssuers' | 'allowPrivateOrigins'>,
): Required<IssuerHttpOptions> {
  return {
    extraCaPems: readCaFiles(options.caFiles ?? []),
    allowPrivateIssuers: options.allowPrivateIssuers ?? false,
    allowPrivateOrigins: options.allowPrivateOrigins ?? [],
  };
}

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const accountId = options.accountId ?? DEFAULT_ACCOUNT;
  const masterKey = MasterKey.loadOrCreate(options.dir, { file: options.masterKeyFile });
  const storeUrl = options.storeUrl ?? defaultStoreUrl(options.dir);
  const rawStore = await openStore(storeUrl, masterKey);
  const closing: Array<() => Promise<void>> = [() => rawStore.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closing.splice(0).reverse()) await close();
  };
  try {
    // The hot path reads from memory (invalidated by this node's writes and by the change feed)
    // and queues its decision records for the group-commit writer.
    const cache = new ReadCache({ live: () => changes.live });
    const changes = await openChangeFeed(storeUrl, () => cache.invalidate());
    closing.push(() => changes.close());
    let warn = (message: string): void => void process.stderr.write(`${message}\n`);
    const decisions = new DecisionWriter({
      newBatch: () => rawStore.newDecisionBatch(),
      write: (batch) => rawStore.appendDecisionBatch(batch),
      warn: (message) => warn(message),
    });
    closing.push(() => decisions.close());
    const pruner = new DecisionPruner({
      store: rawStore,
      warn: (message) => warn(message),
      retentionMs: options.decisionRetentionMs,
      maxRows: options.decisionMaxRows,
      intervalMs: options.decisionPruneIntervalMs,
    });
    closing.push(() => pruner.close());
    const store = observedStore(rawStore, { afterWrite: () => cache.invalidate(), beforeDecisionRead: () => decisions.flush() });
    const reads = cachedReads(store, cache, (record) => decisions.record(record));

    const adminKey = await ensureAdminKey(store, accountId, options.adminKey);
    const http = issuerHttpOptions(options);
    const { extraCaPems, allowPrivateIssuers, allowPrivateOrigins } = http;
    const mayBePrivate = (url: string): boolean => allowPrivateIssuers || allowPrivateOrigins.includes(new URL(url).origin);
    const sessionKeys = sessionKeyRingFromMasterKey(masterKey, SESSION_KEY_IDS);
    const tokenKeys = options.tokenKeys ?? new JwksCache({ http });
    const unverifiedCalls = new UnverifiedCallLimiter(options.unverifiedCallLimit);
    const sts = createStsService({ directory: reads, sessionKeys, unverifiedCalls, tokenKeys });
    const iam = createTrustbridgeIam({
      store,
      fetchThumbprint: async (url: string) => (await providerThumbprint(url, { allowPrivate: mayBePrivate(url) })).thumbprint,
    });
    const resolveCredential = createCredentialResolver(reads, createSessionCredentialResolver(sessionKeys));
    const authorize = createAuthorizer(reads);
    const audit = options.auditLog !== undefined ? new AuditLogFile(options.auditLog, (message) => warn(message)) : undefined;
    if (audit !== undefined) closing.push(() => audit.close());
    const consoleDeps = { accountId, store, masterKey, resolveCredential, authorize, iam, keys: tokenKeys, extraCaPems, issuerDir: options.dir };
    const server = createApiServer({
      services: [iam, sts],
      resolveCredential,
      authorize,
      extraRoutes: [(app) => registerConsole(app, consoleDeps)],
      accountId,
      region: DEFAULT_REGION,
      logger: { level: options.logLevel ?? 'info' },
      registerMetrics: (registry) => registerDecisionLogMetrics(registry, decisions),
      audit,
    });
    warn = (message) => server.log.warn(message);
    closing.push(() => closeGracefully(server));
    const bound = await listen(server, { host: options.host ?? '127.0.0.1', port: options.port });
    return {
      url: bound.url,
      port: bound.port,
      accountId,
      store,
      adminKey,
      server,
      iam,
      consoleLink: () => signInLink(bound.url, mintSignInToken(masterKey, new Date())),
      // The server stops taking calls first, then the queued decisions are written, then the store closes.
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
