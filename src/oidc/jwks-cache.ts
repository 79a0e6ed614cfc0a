/**
 * The production KeySource: each issuer's keys fetched by discovery + JWKS and cached the way the
 * careful relying parties do it (jose's remote JWKS, Vault's jwks cache):
 *
 * - the lifetime honours Cache-Control within [minTtlMs, maxTtlMs] (60 s .. 24 h);
 * - one fetch in flight per issuer: concurrent verifications wait for the same promise;
 * - a `kid` missing from a fresh cache triggers a refetch (key rotation), but at most once per
 *   cooldownMs per issuer, so a flood of tokens with made-up kids cannot turn STS into a
 *   traffic amplifier against the issuer;
 * - a failed fetch is remembered for failureBackoffMs, for the same reason;
 * - a provider with static keys (GitLab issue 391928: issuers STS cannot reach) never fetches.
 *
 * Every failure becomes AWS's "Couldn't retrieve verification key" error; the cause is kept in
 * the error's `detail` for explanations.
 *
 * Under `serve --workers N` only the primary's cache fetches; the workers' caches copy its sets
 * (shared-jwks.ts): `shareable()` is what a primary hands out, and a FetchedKeySet may carry the
 * time of the fetch it copies.
 */
import type { KeyObject } from 'node:crypto';
import type { OidcProviderRecord } from '../store/records.js';
import { TrustbridgeError } from '../errors.js';
import { keyUnavailable } from './errors.js';
import { parseJwks, selectKey, type KeySet } from './jwks.js';
import type { KeyRequest, KeySource } from './key-source.js';
import { cacheLifetimeMs } from './cache-control.js';
import { describeFetchFailure, fetchIssuerKeys } from './discovery.js';
import { IssuerHttpClient, type IssuerHttpOptions } from './https-client.js';

export interface FetchedKeySet {
  keySet: KeySet;
  /** The JWKS document the set was read from, as a primary hands it to its workers. */
  jwks: unknown;
  /** How long the set may be cached, before clamping. */
  lifetimeMs: number;
  /**
   * When the fetch that produced the set started, if that was not now: a worker's copy counts the
   * unknown-kid cooldown from its primary's fetch, so both agree on when a refetch is due.
   */
  fetchStartedAt?: number;
}

/** Fetches an issuer's keys; `wanted` is the key the token at hand needs (a worker tells its primary). */
export type FetchKeySet = (issuer: string, wanted: KeyRequest) => Promise<FetchedKeySet>;

/**
 * An issuer's keys could not be had; `failedAt` is when the fetch failed. A FetchKeySet that copies
 * another cache's failure (a worker's) rejects with this, so the failure backoff counts from the
 * original failure.
 */
export class KeySetUnavailable extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_KEY_SET_UNAVAILABLE';
  override readonly code = KeySetUnavailable.code;
  override readonly name = 'KeySetUnavailable';
  constructor(
    message: string,
    readonly failedAt: number,
  ) {
    super(message);
  }
}

/** An issuer's set as a primary hands it to a worker: the document, its expiry, when it was fetched. */
export interface SharedKeySet {
  jwks: unknown;
  expiresAt: number;
  fetchStartedAt: number;
}

export interface JwksCacheOptions {
  /** How to fetch an issuer's keys; defaults to discovery + JWKS over IssuerHttpClient. */
  fetchKeySet?: FetchKeySet;
  /** Options of the default fetcher (CAs, allowPrivateIssuers). */
  http?: IssuerHttpOptions;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  clock?: () => number;
  minTtlMs?: number;
  maxTtlMs?: number;
  cooldownMs?: number;
  failureBackoffMs?: number;
}

/** The last key fetch for an issuer, for operators (the console's Providers page). */
export interface KeyFetchStatus {
  at: Date;
  ok: boolean;
  /** The number of keys fetched, or why the fetch failed. */
  detail: string;
}

interface CachedSet {
  keySet: KeySet;
  jwks: unknown;
  expiresAt: number;
}

interface IssuerState {
  current?: CachedSet;
  lastFetch?: KeyFetchStatus;
  lastFetchStartedAt: number;
  inFlight?: Promise<CachedSet>;
  failure?: { at: number; detail: string };
}

const MAX_STATIC_SETS = 1000;

export class JwksCache implements KeySource {
  private readonly issuers = new Map<string, IssuerState>();
  private readonly staticSets = new Map<string, KeySet>();
  private readonly fetchKeySet: FetchKeySet;
  private readonly client: IssuerHttpClient | undefined;
  private readonly clock: () => number;
  private readonly minTtlMs: number;
  private readonly maxTtlMs: number;
  private readonly cooldownMs: number;
  private readonly failureBackoffMs: number;

  constructor(options: JwksCacheOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.minTtlMs = options.minTtlMs ?? 60_000;
    this.maxTtlMs = options.maxTtlMs ?? 24 * 60 * 60_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.failureBackoffMs = options.failureBackoffMs ?? 5_000;
    if (options.fetchKeySet) {
      this.fetchKeySet = options.fetchKeySet;
    } else {
      const client = new IssuerHttpClient(options.http);
      this.client = client;
      this.fetchKeySet = async (issuer) => {
        const fetched = await fetchIssuerKeys(client, issuer);
        return {
          keySet: fetched.keySet,
          jwks: fetched.jwks.body,
          lifetimeMs: cacheLifetimeMs(fetched.jwks.headers, this.minTtlMs, this.maxTtlMs),
        };
      };
    }
  }

  async getKey(provider: OidcProviderRecord, request: KeyRequest): Promise<KeyObject> {
    if (provider.staticJwks !== null) return pick(this.staticKeySet(provider.staticJwks), request, 'the static JWKS');
    return pick((await this.currentSet(provider.url, request)).keySet, request, `the JWKS of ${provider.url}`);
  }

  /**
   * For a cluster primary: the issuer's set for a token that needs `wanted`, fetched or refetched
   * exactly as getKey would, for a worker to keep until it expires. A failure is a
   * KeySetUnavailable carrying the fetch's own time and words.
   */
  async shareable(issuer: string, wanted: KeyRequest): Promise<SharedKeySet> {
    try {
      const set = await this.currentSet(issuer, wanted);
      return { jwks: set.jwks, expiresAt: set.expiresAt, fetchStartedAt: this.stateOf(issuer).lastFetchStartedAt };
    } catch (err) {
      const failure = this.issuers.get(issuer)?.failure;
      throw failure === undefined ? err : new KeySetUnavailable(failure.detail, failure.at);
    }
  }

  fetchStatus(issuer: string): KeyFetchStatus | undefined {
    return this.issuers.get(issuer)?.lastFetch;
  }

  /** Drops every cached set (e.g. after a provider is deleted or updated). */
  clear(): void {
    this.issuers.clear();
    this.staticSets.clear();
  }

  async close(): Promise<void> {
    await this.client?.close();
  }

  private stateOf(issuer: string): IssuerState {
    let state = this.issuers.get(issuer);
    if (state === undefined) {
      state = { lastFetchStartedAt: Number.NEGATIVE_INFINITY };
      this.issuers.set(issuer, state);
    }
    return state;
  }

  /** The cached set while it lasts, else a fresh one; refetched once more for an unknown kid if the cooldown allows. */
  private async currentSet(issuer: string, wanted: KeyRequest): Promise<CachedSet> {
    const state = this.stateOf(issuer);
    const now = this.clock();
    let set = state.current !== undefined && state.current.expiresAt > now ? state.current : await this.refresh(issuer, wanted);
    if (selectKey(set.keySet, wanted.alg, wanted.kid) === undefined && now - state.lastFetchStartedAt >= this.cooldownMs) {
      // Possibly a rotation: the issuer may have published the key since we cached its set.
      set = await this.refresh(issuer, wanted);
    }
    return set;
  }

  private refresh(issuer: string, wanted: KeyRequest): Promise<CachedSet> {
    const state = this.stateOf(issuer);
    if (state.inFlight) return state.inFlight;
    const now = this.clock();
    if (state.failure && now - state.failure.at < this.failureBackoffMs) {
      return Promise.reject(keyUnavailable(`${state.failure.detail} (failed ${now - state.failure.at} ms ago; not retried yet)`));
    }
    state.lastFetchStartedAt = now;
    const flight = this.fetchKeySet(issuer, wanted).then(
      ({ keySet, jwks, lifetimeMs, fetchStartedAt }) => {
        const current = { keySet, jwks, expiresAt: this.clock() + Math.min(this.maxTtlMs, Math.max(this.minTtlMs, lifetimeMs)) };
        state.current = current;
        if (fetchStartedAt !== undefined) state.lastFetchStartedAt = fetchStartedAt;
        state.failure = undefined;
        state.lastFetch = { at: new Date(this.clock()), ok: true, detail: `${keySet.keys.length} key(s)` };
        return current;
      },
      (err: unknown) => {
        const detail = describeFetchFailure(err);
        state.failure = { at: err instanceof KeySetUnavailable ? err.failedAt : this.clock(), detail };
        state.lastFetch = { at: new Date(state.failure.at), ok: false, detail };
        throw keyUnavailable(detail);
      },
    ).finally(() => {
      state.inFlight = undefined;
    });
    state.inFlight = flight;
    return flight;
  }

  private staticKeySet(text: string): KeySet {
    let set = this.staticSets.get(text);
    if (set === undefined) {
      try {
        set = parseJwks(JSON.parse(text));
      } catch (err) {
        throw keyUnavailable(`the provider's static JWKS is unusable: ${describeFetchFailure(err)}`);
      }
      if (this.staticSets.size >= MAX_STATIC_SETS) this.staticSets.clear();
      this.staticSets.set(text, set);
    }
    return set;
  }
}

function pick(keySet: KeySet, request: KeyRequest, where: string): KeyObject {
  const key = selectKey(keySet, request.alg, request.kid);
  if (key !== undefined) return key.key;
  const which = request.kid === undefined ? `exactly one ${request.alg} key (the token has no kid)` : `a ${request.alg} key with kid ${JSON.stringify(request.kid)}`;
  throw keyUnavailable(`${where} has no ${which}`, 'unknown-kid');
}
