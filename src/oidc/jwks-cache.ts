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
 */
import type { KeyObject } from 'node:crypto';
import type { OidcProviderRecord } from '../store/records.js';
import { keyUnavailable } from './errors.js';
import { parseJwks, selectKey, type KeySet } from './jwks.js';
import type { KeyRequest, KeySource } from './key-source.js';
import { cacheLifetimeMs } from './cache-control.js';
import { describeFetchFailure, fetchIssuerKeys } from './discovery.js';
import { IssuerHttpClient, type IssuerHttpOptions } from './https-client.js';

export interface FetchedKeySet {
  keySet: KeySet;
  /** How long the set may be cached, before clamping. */
  lifetimeMs: number;
}

export type FetchKeySet = (issuer: string) => Promise<FetchedKeySet>;

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

interface IssuerState {
  keySet?: KeySet;
  lastFetch?: KeyFetchStatus;
  expiresAt: number;
  lastFetchStartedAt: number;
  inFlight?: Promise<KeySet>;
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
        return { keySet: fetched.keySet, lifetimeMs: cacheLifetimeMs(fetched.jwks.headers, this.minTtlMs, this.maxTtlMs) };
      };
    }
  }

  async getKey(provider: OidcProviderRecord, request: KeyRequest): Promise<KeyObject> {
    if (provider.staticJwks !== null) return pick(this.staticKeySet(provider.staticJwks), request, 'the static JWKS');
    const state = this.stateOf(provider.url);
    const now = this.clock();
    let keySet = state.keySet !== undefined && state.expiresAt > now ? state.keySet : await this.refresh(provider.url);
    if (selectKey(keySet, request.alg, request.kid) === undefined && now - state.lastFetchStartedAt >= this.cooldownMs) {
      // Possibly a rotation: the issuer may have published the key since we cached its set.
      keySet = await this.refresh(provider.url);
    }
    return pick(keySet, request, `the JWKS of ${provider.url}`);
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
      state = { expiresAt: 0, lastFetchStartedAt: Number.NEGATIVE_INFINITY };
      this.issuers.set(issuer, state);
    }
    return state;
  }

  private refresh(issuer: string): Promise<KeySet> {
    const state = this.stateOf(issuer);
    if (state.inFlight) return state.inFlight;
    const now = this.clock();
    if (state.failure && now - state.failure.at < this.failureBackoffMs) {
      return Promise.reject(keyUnavailable(`${state.failure.detail} (failed ${now - state.failure.at} ms ago; not retried yet)`));
    }
    state.lastFetchStartedAt = now;
    const flight = this.fetchKeySet(issuer).then(
      ({ keySet, lifetimeMs }) => {
        state.keySet = keySet;
        state.expiresAt = this.clock() + Math.min(this.maxTtlMs, Math.max(this.minTtlMs, lifetimeMs));
        state.failure = undefined;
        state.lastFetch = { at: new Date(this.clock()), ok: true, detail: `${keySet.keys.length} key(s)` };
        return keySet;
      },
      (err: unknown) => {
        const detail = describeFetchFailure(err);
        state.failure = { at: this.clock(), detail };
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
