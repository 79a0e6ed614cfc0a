/**
 * One JWKS fetcher for all the processes of `serve --workers N`, so that an issuer sees one fetch
 * per cache period however many workers answer STS (issue 12). The primary owns a JwksCache that
 * fetches — SSRF guard, deadline, size and key caps, Cache-Control, unknown-kid cooldown, failure
 * backoff, all as jwks-cache.ts does them. A worker's JwksCache fetches nothing: it asks the
 * primary over the cluster's IPC channel and keeps the answer — the JWKS document, the primary's
 * expiry, when the primary fetched — until that expiry. The worker's cache still merges its
 * concurrent asks into one, and counts its cooldown and backoff from the primary's fetch, so it
 * asks only when the primary might have something new; a flood of made-up kids costs the primary
 * one ask per worker per cooldown, the issuer one fetch per cooldown.
 *
 * The messages are plain JSON (the cluster's default serialization); the transport is the
 * caller's (src/cli/serve-workers.ts), so this module needs no node:cluster and tests can wire
 * a primary and workers in one process.
 */
import { FETCH_DEADLINE_MS, describeFetchFailure } from './discovery.js';
import { JwksCache, KeySetUnavailable, type FetchKeySet, type SharedKeySet } from './jwks-cache.js';
import { parseJwks } from './jwks.js';
import { isSupportedAlg, type SupportedAlg } from './token.js';

/** A worker's question: the keys of `issuer`, for a token signed with `alg` (and `kid`). */
export interface KeySetAsk {
  trustbridgeKeySetAsk: number;
  issuer: string;
  alg: SupportedAlg;
  kid?: string;
}

/** The primary's answer to ask number `trustbridgeKeySetAnswer`: the set, or why there is none. */
export type KeySetAnswer = { trustbridgeKeySetAnswer: number } & (SharedKeySet | { failure: string; failedAt: number });

/**
 * How long a worker waits for an answer. The primary answers within one fetch deadline (a refetch
 * joins the one in flight); twice that leaves room for a busy primary, and bounds a request whose
 * ask was lost (the channel closing at shutdown).
 */
const ASK_TIMEOUT_MS = 2 * FETCH_DEADLINE_MS;

function isAsk(message: unknown): message is KeySetAsk {
  if (typeof message !== 'object' || message === null) return false;
  const ask = message as Partial<Record<keyof KeySetAsk, unknown>>;
  return (
    typeof ask.trustbridgeKeySetAsk === 'number' &&
    typeof ask.issuer === 'string' &&
    isSupportedAlg(ask.alg) &&
    (ask.kid === undefined || typeof ask.kid === 'string')
  );
}

function isAnswer(message: unknown): message is KeySetAnswer {
  return typeof message === 'object' && message !== null && typeof (message as Partial<KeySetAnswer>).trustbridgeKeySetAnswer === 'number';
}

/**
 * In the primary: when `message` is a worker's ask, answers it from `cache` through `reply` and
 * returns true; any other message is left to the caller (false).
 */
export function answerKeySetAsk(cache: JwksCache, message: unknown, reply: (answer: KeySetAnswer) => void): boolean {
  if (!isAsk(message)) return false;
  const id = message.trustbridgeKeySetAsk;
  cache.shareable(message.issuer, { alg: message.alg, kid: message.kid }).then(
    (set) => reply({ trustbridgeKeySetAnswer: id, ...set }),
    (err: unknown) =>
      reply({
        trustbridgeKeySetAnswer: id,
        failure: describeFetchFailure(err),
        failedAt: err instanceof KeySetUnavailable ? err.failedAt : Date.now(),
      }),
  );
  return true;
}

export interface WorkerKeys {
  /** The worker's KeySource: copies of the primary's sets. */
  cache: JwksCache;
  /** Give it every message from the primary; it settles the ask an answer belongs to (true) and ignores the rest. */
  deliver(message: unknown): boolean;
}

/**
 * In a worker: a JwksCache whose sets come from the primary. `send` posts an ask and calls
 * `failed` if it could not be posted. `clock` is injectable for tests, as in JwksCache.
 */
export function keysFromPrimary(
  send: (ask: KeySetAsk, failed: (error: Error) => void) => void,
  clock: () => number = Date.now,
): WorkerKeys {
  const pending = new Map<number, (answer: KeySetAnswer | Error) => void>();
  let lastId = 0;
  const fetchKeySet: FetchKeySet = (issuer, wanted) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      const settle = (answer: KeySetAnswer | Error): void => {
        if (!pending.delete(id)) return;
        clearTimeout(timer);
        if (answer instanceof Error) {
          reject(new KeySetUnavailable(`the serve primary gave no keys: ${answer.message}`, clock()));
        } else if ('failure' in answer) {
          reject(new KeySetUnavailable(answer.failure, answer.failedAt));
        } else {
          try {
            // The primary has clamped the lifetime already: the copy lasts exactly as long as its set.
            resolve({
              keySet: parseJwks(answer.jwks),
              jwks: answer.jwks,
              lifetimeMs: answer.expiresAt - clock(),
              fetchStartedAt: answer.fetchStartedAt,
            });
          } catch (err) {
            reject(err);
          }
        }
      };
      const timer = setTimeout(() => settle(new Error(`no answer within ${ASK_TIMEOUT_MS} ms`)), ASK_TIMEOUT_MS);
      pending.set(id, settle);
      send({ trustbridgeKeySetAsk: id, issuer, alg: wanted.alg, ...(wanted.kid !== undefined ? { kid: wanted.kid } : {}) }, settle);
    });
  return {
    // No lower bound on a copy's lifetime: the primary's bounds apply, and its expiry is the copy's.
    cache: new JwksCache({ fetchKeySet, clock, minTtlMs: 0 }),
    deliver(message) {
      if (!isAnswer(message)) return false;
      pending.get(message.trustbridgeKeySetAnswer)?.(message);
      return true;
    },
  };
}
