/**
 * Outbound HTTPS for issuer discovery and JWKS, with every guard a relying party needs when the
 * URL comes from someone else: https only, the SSRF guard on the address actually connected to,
 * a caller-supplied deadline (the 5 s budget is shared by discovery and JWKS), a response size
 * cap, and no redirects at all (a 3xx is a failure: following one could lead to a private
 * address or a non-https URL, and AWS documents no redirect support).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { Agent } from 'undici';
import { guardedLookup, isBlockedAddress } from './address-guard.js';
import { TrustbridgeError } from '../errors.js';

export interface IssuerHttpOptions {
  /** Extra trusted CA certificates (PEM text): `--ca` files. */
  extraCaPems?: string[];
  /** Allow loopback/private issuers (tests, and --allow-private-issuers). */
  allowPrivateIssuers?: boolean;
  /**
   * Origins (scheme, host and port, e.g. `https://localhost:8443`) allowed to be private even so:
   * `trustbridge up` names its own issuer's, and nothing else on that host — not its other ports.
   */
  allowPrivateOrigins?: readonly string[];
}

export type FetchFailureKind =
  | 'not-https' | 'blocked-address' | 'timeout' | 'connect' | 'tls' | 'http-status' | 'redirect' | 'too-large' | 'not-json';

export class IssuerFetchError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_ISSUER_FETCH';
  override readonly code = IssuerFetchError.code;
  override readonly name = 'IssuerFetchError';
  constructor(readonly kind: FetchFailureKind, readonly url: string, message: string) {
    super(message);
  }
}

export interface FetchedJson {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  bytes: number;
  elapsedMs: number;
}

/** The OS bundle, when there is one: Node's own roots do not include locally installed CAs. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

export function readCaFiles(paths: readonly string[]): string[] {
  return paths.map((path) => readFileSync(path, 'utf8'));
}

function trustedCas(extra: readonly string[]): string[] {
  const system = SYSTEM_BUNDLES.flatMap((path) => {
    try {
      return [readFileSync(path, 'utf8')];
    } catch {
      return [];
    }
  });
  return [...rootCertificates, ...system, ...extra];
}

const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL|EPROTO/;

export class IssuerHttpClient {
  private readonly allowAllPrivate: boolean;
  private readonly privateOrigins: ReadonlySet<string>;
  /**
   * The connection pools, made on the first fetch: undici and a secure context holding a few
   * hundred CA certificates took about a sixth of a server's start-up, and most starts fetch
   * nothing until the first AssumeRoleWithWebIdentity.
   */
  private pools: Promise<Pools> | undefined;

  constructor(private readonly options: IssuerHttpOptions = {}) {
    this.allowAllPrivate = options.allowPrivateIssuers === true;
    this.privateOrigins = new Set((options.allowPrivateOrigins ?? []).map((o) => new URL(o).origin));
  }

  async getJson(url: string, options: { maxBytes: number; signal: AbortSignal }): Promise<FetchedJson> {
    const target = this.checkUrl(url);
    const started = performance.now();
    try {
      const pools = await this.openedPools();
      const dispatcher = this.privateOrigins.has(target.origin) ? pools.ownOriginAgent : pools.agent;
      const response = await pools.request(target, {
        method: 'GET',
        dispatcher,
        signal: options.signal,
        headers: { accept: 'application/json' },
      });
      const headers = flattenHeaders(response.headers);
      if (response.statusCode >= 300 && response.statusCode < 400) {
        discard(response.body);
        throw new IssuerFetchError('redirect', url, `${url} answered HTTP ${response.statusCode} (redirect to ${headers.location ?? 'nowhere'}); redirects are not followed`);
      }
      if (response.statusCode !== 200) {
        discard(response.body);
        throw new IssuerFetchError('http-status', url, `${url} answered HTTP ${response.statusCode}`);
      }
      const text = await readCapped(response.body, options.maxBytes, url);
      let body: unknown;
      try {
        body = JSON.parse(text.toString('utf8'));
      } catch {
        throw new IssuerFetchError('not-json', url, `${url} did not answer JSON`);
      }
      return { url, status: response.statusCode, headers, body, bytes: text.length, elapsedMs: performance.now() - started };
    } catch (err) {
      throw classify(err, url, options.signal);
    }
  }

  async close(): Promise<void> {
    if (this.pools === undefined) return;
    const { agent, ownOriginAgent } = await this.pools;
    await agent.close();
    if (ownOriginAgent !== agent) await ownOriginAgent.close();
  }

  private openedPools(): Promise<Pools> {
    // A failure to open is not remembered: the next fetch tries again.
    this.pools ??= this.openPools().catch((err: unknown) => {
      this.pools = undefined;
      throw err;
    });
    return this.pools;
  }

  private async openPools(): Promise<Pools> {
    const { Agent: UndiciAgent, request } = await import('undici');
    // One secure context for every connection: parsing a few hundred CA certificates per
    // TLS connection would cost more than the fetch itself.
    const secureContext = createSecureContext({ ca: trustedCas(this.options.extraCaPems ?? []) });
    const agentFor = (allowPrivate: boolean): Agent =>
      new UndiciAgent({ connect: { secureContext, lookup: guardedLookup(allowPrivate) }, keepAliveTimeout: 10_000 });
    const agent = agentFor(this.allowAllPrivate);
    return { request, agent, ownOriginAgent: this.privateOrigins.size > 0 ? agentFor(true) : agent };
  }

  private checkUrl(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new IssuerFetchError('not-https', url, `${JSON.stringify(url)} is not a URL`);
    }
    if (target.protocol !== 'https:') throw new IssuerFetchError('not-https', url, `${url} is not an https:// URL`);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const mayBePrivate = this.allowAllPrivate || this.privateOrigins.has(target.origin);
    if (!mayBePrivate && isIP(host) !== 0 && isBlockedAddress(host)) {
      throw new IssuerFetchError('blocked-address', url, `${url} points at the private or reserved address ${host}`);
    }
    return target;
  }
}

interface Pools {
  request: typeof import('undici').request;
  /** Connects with the SSRF guard on (unless every private issuer is allowed). */
  agent: Agent;
  /** Connects to the allowed private origins only, with the guard off. */
  ownOriginAgent: Agent;
}

type Body = AsyncIterable<Buffer> & { destroy(): void; on(event: 'error', listener: () => void): unknown };

/** Drops a body we will not read; destroying it emits an abort error nobody else listens for. */
function discard(body: Body): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readCapped(body: Body, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      discard(body);
      throw new IssuerFetchError('too-large', url, `${url} answered more than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function classify(err: unknown, url: string, signal: AbortSignal): IssuerFetchError {
  if (err instanceof IssuerFetchError) return err;
  if (signal.aborted) return new IssuerFetchError('timeout', url, `${url} did not answer within the deadline`);
  const cause = (err as { cause?: unknown }).cause;
  const codes = [err, cause].map((e) => String((e as { code?: unknown } | undefined)?.code ?? ''));
  const message = err instanceof Error ? err.message : String(err);
  if (codes.includes('ERR_TRUSTBRIDGE_BLOCKED_ADDRESS')) return new IssuerFetchError('blocked-address', url, `${url}: ${message}`);
  if (codes.some((c) => TLS_ERROR.test(c))) return new IssuerFetchError('tls', url, `${url}: TLS failed (${codes.filter(Boolean).join(', ')}: ${message})`);
  return new IssuerFetchError('connect', url, `${url}: ${codes.filter(Boolean).join(', ') || 'connection failed'} (${message})`);
}
