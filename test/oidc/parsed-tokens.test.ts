/**
 * Tokens parsed once (src/oidc/parsed-tokens.ts): a token whose signature is remembered valid is
 * parsed from memory next time; nothing else enters, and what is shared cannot be changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToken } from '../../src/oidc/parse.js';
import { MAX_PARSED_TOKENS, parseTokenOnce, rememberParsed } from '../../src/oidc/parsed-tokens.js';
import { tokenChecks, type TokenFacts } from '../../src/oidc/token-checks.js';
import { runToFirstFailure } from '../../src/aws/check-pipeline.js';
import type { KeySource } from '../../src/oidc/key-source.js';
import { claimsFor, makeKey, NOW, NOW_SECONDS, providerRecord, sign } from './fixtures/keys.js';

const ISSUER = 'https://gitlab.example.com';
const rsa = await makeKey('RS256', 'rsa-1');
const provider = providerRecord(ISSUER);
const keys: KeySource = { getKey: async () => rsa.publicKey };

async function check(token: string): Promise<{ failure: string | undefined; parsed: unknown }> {
  const seed: Partial<TokenFacts> = { token, now: NOW, keys, findProvider: async () => provider };
  const run = await runToFirstFailure(tokenChecks<TokenFacts, unknown>(), seed, undefined);
  return { failure: run.failure?.name, parsed: run.facts.parsed };
}

test('a token is parsed from memory once its signature is remembered, and every check still runs', async () => {
  const token = await sign(rsa, claimsFor(ISSUER));
  const first = await check(token);
  const second = await check(token);
  assert.equal(first.failure, undefined);
  assert.notEqual(first.parsed, second.parsed, 'parsed afresh while its signature is not yet remembered');
  // The second verification put the signature in the memo; the third call found it there.
  const third = await check(token);
  const fourth = await check(token);
  assert.equal(third.parsed, fourth.parsed, 'the same parse, from memory');
  assert.deepEqual(fourth.parsed, parseToken(token), 'what parseToken gives');
  // The checks after parsing still run on a remembered token: one past its exp is refused.
  const expired = await sign(rsa, claimsFor(ISSUER, { exp: NOW_SECONDS + 2 }));
  for (let i = 0; i < 3; i++) assert.equal((await check(expired)).failure, undefined);
  const later = await runToFirstFailure(tokenChecks<TokenFacts, unknown>(), { token: expired, now: new Date(NOW.getTime() + 3_600_000), keys, findProvider: async () => provider }, undefined);
  assert.equal(later.failure?.name, 'times');
});

test('a remembered token cannot be changed by a step: its header and claims are frozen, deeply', async () => {
  const token = await sign(rsa, claimsFor(ISSUER, { groups: [{ name: 'a' }] }));
  const parsed = parseToken(token);
  rememberParsed(token, parsed);
  const shared = parseTokenOnce(token);
  assert.equal(shared, parsed);
  assert.throws(() => { (shared.claims as Record<string, unknown>)['sub'] = 'someone else'; }, TypeError);
  assert.throws(() => { ((shared.claims['groups'] as Array<{ name: string }>)[0]!).name = 'b'; }, TypeError);
  assert.throws(() => { shared.header.alg = 'none'; }, TypeError);
});

test('a token whose signature does not verify never enters, and the memo is bounded', async () => {
  const token = await sign(rsa, claimsFor(ISSUER));
  const [header, payload] = token.split('.');
  const forged = `${header}.${payload}.${Buffer.alloc(256, 1).toString('base64url')}`;
  for (let i = 0; i < 4; i++) assert.equal((await check(forged)).failure, 'signature');
  assert.notEqual(parseTokenOnce(forged), parseTokenOnce(forged), 'parsed afresh every time');
  const first = await sign(rsa, claimsFor(ISSUER));
  rememberParsed(first, parseToken(first));
  assert.equal(parseTokenOnce(first), parseTokenOnce(first));
  for (let i = 0; i < MAX_PARSED_TOKENS; i++) {
    const other = `${first}x${i}`;
    rememberParsed(other, parseToken(first));
  }
  assert.notEqual(parseTokenOnce(first), parseTokenOnce(first), 'the oldest went when the memo filled');
});
