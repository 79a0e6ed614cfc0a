/**
 * The JWKS cache's promises: one fetch in flight per issuer, refetch on an unknown kid only once
 * per cooldown (a flood of made-up kids must not become a flood of fetches), Cache-Control within
 * bounds, failures remembered briefly, static keys never fetched. Time is a fake clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JwksCache, type FetchedKeySet } from '../../src/oidc/jwks-cache.js';
import { parseJwks } from '../../src/oidc/jwks.js';
import { cacheLifetimeMs } from '../../src/oidc/cache-control.js';
import { OidcVerificationError, VERIFICATION_KEY_MESSAGE } from '../../src/oidc/errors.js';
import { makeKey, providerRecord, type SigningKey } from './fixtures/keys.js';

const ISSUER = 'https://gitlab.example.com';
const provider = providerRecord(ISSUER);
const k1 = await makeKey('RS256', 'k1');
const k2 = await makeKey('RS256', 'k2');

function harness(published: () => SigningKey[], lifetimeMs = 24 * 3600_000) {
  let now = 1_000_000;
  let fetches = 0;
  const cache = new JwksCache({
    clock: () => now,
    fetchKeySet: async (): Promise<FetchedKeySet> => {
      fetches += 1;
      await new Promise((resolve) => setImmediate(resolve));
      const jwks = { keys: published().map((k) => k.jwk) };
      return { keySet: parseJwks(jwks), jwks, lifetimeMs };
    },
  });
  return { cache, advance: (ms: number) => { now += ms; }, fetches: () => fetches };
}

test('concurrent verifications share one fetch (single-flight)', async () => {
  const h = harness(() => [k1]);
  await Promise.all(Array.from({ length: 50 }, () => h.cache.getKey(provider, { alg: 'RS256', kid: 'k1' })));
  assert.equal(h.fetches(), 1);
});

test('a flood of unknown kids causes no more fetches than the 30 s cooldown allows', async () => {
  const h = harness(() => [k1]);
  await h.cache.getKey(provider, { alg: 'RS256', kid: 'k1' });
  let rejected = 0;
  // 1000 tokens with made-up kids, spread over 95 seconds.
  for (let i = 0; i < 1000; i += 1) {
    h.advance(95);
    try {
      await h.cache.getKey(provider, { alg: 'RS256', kid: `made-up-${i}` });
    } catch (err) {
      assert.ok(err instanceof OidcVerificationError);
      assert.equal(err.message, VERIFICATION_KEY_MESSAGE);
      rejected += 1;
    }
  }
  assert.equal(rejected, 1000);
  // The first fetch at t=0, then at most one per 30 s over 95 s: t≈30, 60, 90.
  assert.ok(h.fetches() <= 1 + Math.floor(95_000 / 30_000), `fetches: ${h.fetches()}`);
  assert.equal(h.fetches(), 4);
});

test('a rotated-in key is found by refetching once the cooldown has passed', async () => {
  let published = [k1];
  const h = harness(() => published);
  await h.cache.getKey(provider, { alg: 'RS256', kid: 'k1' });
  published = [k1, k2];
  h.advance(31_000);
  const key = await h.cache.getKey(provider, { alg: 'RS256', kid: 'k2' });
  assert.equal(key.equals(k2.publicKey), true);
  assert.equal(h.fetches(), 2);
});

test('the cached set is reused until its lifetime ends, then refetched', async () => {
  const h = harness(() => [k1], 120_000);
  await h.cache.getKey(provider, { alg: 'RS256', kid: 'k1' });
  h.advance(119_000);
  await h.cache.getKey(provider, { alg: 'RS256', kid: 'k1' });
  assert.equal(h.fetches(), 1);
  h.advance(2_000);
  await h.cache.getKey(provider, { alg: 'RS256', kid: 'k1' });
  assert.equal(h.fetches(), 2);
});

test('a failed fetch gives AWS\'s verification-key error and is not retried for 5 s', async () => {
  let now = 0;
  let fetches = 0;
  const cache = new JwksCache({ clock: () => now, fetchKeySet: async () => { fetches += 1; throw new Error('connection refused'); } });
  for (let i = 0; i < 10; i += 1) {
    await assert.rejects(cache.getKey(provider, { alg: 'RS256', kid: 'k1' }), (err: unknown) =>
      err instanceof OidcVerificationError && err.code === 'InvalidIdentityToken' && err.message === VERIFICATION_KEY_MESSAGE && /connection refused/.test(err.detail));
  }
  assert.equal(fetches, 1);
  now += 5_001;
  await assert.rejects(cache.getKey(provider, { alg: 'RS256', kid: 'k1' }));
  assert.equal(fetches, 2);
});

test('a provider with static keys never fetches', async () => {
  let fetches = 0;
  const cache = new JwksCache({ fetchKeySet: async () => { fetches += 1; throw new Error('must not fetch'); } });
  const staticProvider = providerRecord(ISSUER, { staticJwks: JSON.stringify({ keys: [k1.jwk] }) });
  const key = await cache.getKey(staticProvider, { alg: 'RS256', kid: 'k1' });
  assert.equal(key.equals(k1.publicKey), true);
  await assert.rejects(cache.getKey(staticProvider, { alg: 'RS256', kid: 'k2' }), OidcVerificationError);
  assert.equal(fetches, 0);
});

test('Cache-Control is honoured within [60 s, 24 h]; no-cache and max-age=0 mean the minimum', () => {
  const min = 60_000;
  const max = 86_400_000;
  assert.equal(cacheLifetimeMs({ 'cache-control': 'max-age=300, public' }, min, max), 300_000);
  assert.equal(cacheLifetimeMs({ 'cache-control': 'max-age=300', age: '100' }, min, max), 200_000);
  assert.equal(cacheLifetimeMs({ 'cache-control': 'max-age=0' }, min, max), min);
  assert.equal(cacheLifetimeMs({ 'cache-control': 'no-cache' }, min, max), min);
  assert.equal(cacheLifetimeMs({ 'cache-control': 'max-age=86400', pragma: 'no-cache' }, min, max), min);
  assert.equal(cacheLifetimeMs({ 'cache-control': 'max-age=9999999' }, min, max), max);
  assert.equal(cacheLifetimeMs({}, min, max), min);
});

test('a JWKS with more than 100 keys is refused as a whole', () => {
  const keys = Array.from({ length: 101 }, () => k1.jwk);
  assert.throws(() => parseJwks({ keys }), /101 keys/);
  assert.equal(parseJwks({ keys: keys.slice(1) }).keys.length, 100);
});
