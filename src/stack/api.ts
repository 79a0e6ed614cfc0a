/**
 * The IAM/STS API as one running thing: master key, store, admin key, services, SigV4 resolver,
 * authoriser and HTTP server, wired together. `serve` runs this alone; `up` runs it beside the
 * issuer.
 */
import type { FastifyInstance } from 'fastify';
import type { QueryService } from '../aws/service.js';
import { JwksCache, providerThumbprint, readCaFiles } from '../oidc/index.js';
import { closeGracefully, createApiServer, listen } from '../server/index.js';
import { createSessionCredentialResolver, createStsService, sessionKeyRingFromMasterKey } from '../sts/index.js';
import { MasterKey } from '../store/master-key.js';
import { openStore } from '../store/open.js';
import type { AccessKeyRecord } from '../store/records.js';
import type { AccessKeyStore, Store } from '../store/store.js';
import { registerConsole } from '../console/routes.js';
import { mintSignInToken, signInLink } from '../console/sign-in-link.js';
import { defaultStoreUrl } from '../workspace/data-dir.js';
import { createAuthorizer } from './authorizer.js';
import { createCredentialResolver } from './credential-resolver.js';
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
  logLevel?: 'silent' | 'info' | 'warn' | 'error' | 'debug';
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

/** The first active admin key of the account, created on first start. */
export async function ensureAdminKey(store: AccessKeyStore, accountId: string): Promise<AccessKeyRecord> {
  const existing = (await store.listAccessKeys(accountId)).find((k) => k.status === 'Active');
  return existing ?? store.createAccessKey(accountId);
}

/**
 * Opens (and migrates) the store once and makes sure the admin key exists, then closes it: what
 * a `serve --workers N` primary does before its workers start, so they do not race to create it.
 */
export async function prepareStore(options: Pick<ApiOptions, 'dir' | 'storeUrl' | 'accountId'>): Promise<AccessKeyRecord> {
  const store = await openStore(options.storeUrl ?? defaultStoreUrl(options.dir), MasterKey.loadOrCreate(options.dir));
  try {
    return await ensureAdminKey(store, options.accountId ?? DEFAULT_ACCOUNT);
  } finally {
    await store.close();
  }
}

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const accountId = options.accountId ?? DEFAULT_ACCOUNT;
  const masterKey = MasterKey.loadOrCreate(options.dir);
  const store = await openStore(options.storeUrl ?? defaultStoreUrl(options.dir), masterKey);
  try {
    const adminKey = await ensureAdminKey(store, accountId);
    const extraCaPems = readCaFiles(options.caFiles ?? []);
    const allowPrivateIssuers = options.allowPrivateIssuers ?? false;
    const allowPrivateOrigins = options.allowPrivateOrigins ?? [];
    const mayBePrivate = (url: string): boolean => allowPrivateIssuers || allowPrivateOrigins.includes(new URL(url).origin);
    const sessionKeys = sessionKeyRingFromMasterKey(masterKey, SESSION_KEY_IDS);
    const tokenKeys = new JwksCache({ http: { extraCaPems, allowPrivateIssuers, allowPrivateOrigins } });
    const sts = createStsService({ directory: store, sessionKeys, tokenKeys });
    const iam = createTrustbridgeIam({
      store,
      fetchThumbprint: async (url: string) => (await providerThumbprint(url, { allowPrivate: mayBePrivate(url) })).thumbprint,
    });
    const resolveCredential = createCredentialResolver(store, createSessionCredentialResolver(sessionKeys));
    const authorize = createAuthorizer(store);
    const consoleDeps = { accountId, store, masterKey, resolveCredential, authorize, iam, keys: tokenKeys, extraCaPems, issuerDir: options.dir };
    const server = createApiServer({
      services: [iam, sts],
      resolveCredential,
      authorize,
      extraRoutes: [(app) => registerConsole(app, consoleDeps)],
      accountId,
      region: DEFAULT_REGION,
      logger: { level: options.logLevel ?? 'info' },
    });
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
      async close() {
        await closeGracefully(server);
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
