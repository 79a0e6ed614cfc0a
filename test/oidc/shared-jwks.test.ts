/**
 * One JWKS fetcher for a cluster (src/oidc/shared-jwks.ts), with a primary and two workers wired
 * in one process (answers delivered on a later turn, as over IPC) and a fake clock: the issuer
 * sees one fetch per cache period whichever workers ask, a worker's copy expires with the
 * primary's set, the unknown-kid cooldown and the failure backoff count from the primary's fetch,
 * and the workers answer with AWS's errors as a lone process does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { OidcVerificationError, VERIFICATION_KEY_MESSAGE } from '../../src/oidc/errors.js';
import { JwksCache, type FetchedKeySet } from '../../src/oidc/jwks-cache.js';
import { parseJwks } from '../../src/oidc/jwks.js';
import { answerKeySetAsk, keysFromPrimary, type KeySetAsk } from '../../src/oidc/shared-jwks.js';
import { makeKey, providerRecord, type SigningKey } from './fixtures/keys.js';

const ISSUER = 'https://gitlab.example.com';
const provider = providerRecord(ISSUER);
const k1 = await makeKey('RS256', 'k1');
const k2 = await makeKey('RS256', 'k2');

interface Cluster {
  workers: JwksCache[];
  fetches(): number;
  asks(): KeySetAsk[];
  advance(ms: number): void;
  publish(keys: SigningKey[]): void;
  failWith(message: string | undefined): void;
}

function cluster(lifetimeMs: number): Cluster {
  let now = 1_000_000;
  const clock = (): number => now;
  let published = [k1];
  let failure: string | undefined;
  let fetches = 0;
  const asks: KeySetAsk[] = [];
  const primary = new JwksCache({
    clock,
    fetchKeySet: async (): Promise<FetchedKeySet> => {
      fetches += 1;
      await nextTurn();
      if (failure !== undefined) throw new Error(failure);
      const jwks = { keys: published.map((k) => k.jwk) };
      return { keySet: parseJwks(jwks), jwks, lifetimeMs };
    },
  });
  const workers = [0, 1].map(() => {
    const worker = keysFromPrimary((ask) => {
      asks.push(ask);
      // Through JSON and on a later turn both ways, as the cluster's IPC channel carries them.
      void nextTurn().then(() =>
        answerKeySetAsk(primary, JSON.parse(JSON.stringify(ask)), (answer) => {
          void nextTurn().then(() => worker.deliver(JSON.parse(JSON.stringify(answer))));
        }),
      );
    }, clock);
    return worker.cache;
  });
  return {
    workers,
    fetches: () => fetches,
    asks: () => asks,
    advance: (ms) => {
      now += ms;
    },
    publish: (keys) => {
      published = keys;
    },
    failWith: (message) => {
      failure = message;
    },
  };
}

const wants = (kid: string) => ({ alg: 'RS256' as const, kid });

test('many concurrent verifications on both workers make one fetch, and the copies serve until the set expires', async () => {
  const c = cluster(3_600_000);
  const keys = await Promise.all(Array.from({ length: 100 }, (_, i) => c.workers[i % 2]!.getKey(provider, wants('k1'))));
  assert.ok(keys.every((key) => key.equals(k1.publicKey)));
  assert.equal(c.fetches(), 1);
  assert.equal(c.asks().length, 2, 'one ask per worker: concurrent asks are merged');
  c.advance(3_599_000);
  await Promise.all(c.workers.map((w) => w.getKey(provider, wants('k1'))));
  assert.equal(c.asks().length, 2, 'fresh copies are used without asking');
  c.advance(2_000);
  await Promise.all(c.workers.map((w) => w.getKey(provider, wants('k1'))));
  assert.equal(c.fetches(), 2, 'one fetch for the next period');
});

test("a worker that copies a set late keeps it only until the primary's expiry", async () => {
  const c = cluster(120_000);
  await c.workers[0]!.getKey(provider, wants('k1'));
  c.advance(100_000);
  await c.workers[1]!.getKey(provider, wants('k1'));
  assert.equal(c.fetches(), 1);
  c.advance(21_000);
  // 121 s after the fetch: past the set's 120 s, though only 21 s after worker 1 copied it.
  await c.workers[1]!.getKey(provider, wants('k1'));
  assert.equal(c.fetches(), 2);
});

test("unknown kids on both workers refetch at most once per cooldown, counted from the primary's fetch", async () => {
  const c = cluster(3_600_000);
  await Promise.all(c.workers.map((w) => w.getKey(provider, wants('k1'))));
  let rejected = 0;
  // 1000 made-up kids over 95 s, alternating workers.
  for (let i = 0; i < 1000; i += 1) {
    c.advance(95);
    await c.workers[i % 2]!.getKey(provider, wants(`made-up-${i}`)).catch((err: unknown) => {
      assert.ok(err instanceof OidcVerificationError && err.message === VERIFICATION_KEY_MESSAGE && err.reason === 'unknown-kid');
      rejected += 1;
    });
  }
  assert.equal(rejected, 1000);
  // As in one process: the first fetch, then one at about 30, 60 and 90 s.
  assert.equal(c.fetches(), 4);
  assert.ok(c.asks().length <= 2 * 4, `asks: ${c.asks().length}`);
});

test("a rotated-in key is found by a worker whose copy predates it, once the primary's cooldown has passed", async () => {
  const c = cluster(3_600_000);
  await c.workers[0]!.getKey(provider, wants('k1'));
  c.advance(40_000);
  await c.workers[1]!.getKey(provider, wants('k1'));
  c.publish([k1, k2]);
  // Worker 1 copied the set 40 s after the primary fetched it: the cooldown has passed already.
  const key = await c.workers[1]!.getKey(provider, wants('k2'));
  assert.equal(key.equals(k2.publicKey), true);
  assert.equal(c.fetches(), 2);
  assert.equal((await c.workers[0]!.getKey(provider, wants('k2'))).equals(k2.publicKey), true);
  assert.equal(c.fetches(), 2);
});

test("a failed fetch reaches the workers as AWS's error and is retried only after the primary's backoff", async () => {
  const c = cluster(3_600_000);
  c.failWith('connection refused');
  for (const worker of c.workers) {
    await assert.rejects(
      worker.getKey(provider, wants('k1')),
      (err: unknown) =>
        err instanceof OidcVerificationError &&
        err.code === 'InvalidIdentityToken' &&
        err.message === VERIFICATION_KEY_MESSAGE &&
        err.detail === 'connection refused',
    );
  }
  assert.equal(c.fetches(), 1);
  c.advance(4_000);
  await assert.rejects(
    c.workers[0]!.getKey(provider, wants('k1')),
    (err: unknown) =>
      err instanceof OidcVerificationError && /^connection refused \(failed 4000 ms ago; not retried yet\)$/.test(err.detail),
  );
  const asked = c.asks().length;
  await assert.rejects(c.workers[1]!.getKey(provider, wants('k1')));
  assert.equal(c.asks().length, asked, 'within the backoff a worker does not ask');
  c.failWith(undefined);
  c.advance(1_001);
  assert.equal((await c.workers[1]!.getKey(provider, wants('k1'))).equals(k1.publicKey), true);
  assert.equal(c.fetches(), 2);
});

test('a provider with static keys is never asked about', async () => {
  const c = cluster(3_600_000);
  const key = await c.workers[0]!.getKey(providerRecord(ISSUER, { staticJwks: JSON.stringify({ keys: [k1.jwk] }) }), wants('k1'));
  assert.equal(key.equals(k1.publicKey), true);
  assert.deepEqual(c.asks(), []);
});
