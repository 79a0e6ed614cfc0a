/**
 * Tokens parsed before, by their exact text. A token presented again (the SDKs' web-identity
 * provider re-sends the same token file at every refresh; a job's steps share one token) is
 * split, base64url-decoded and JSON-parsed once, not on every call: about a tenth of an allowed
 * AssumeRoleWithWebIdentity in process (docs/benchmarks.md, seventh round).
 *
 * Parsing is a pure function of the text, so a remembered result is the answer parseToken would
 * give; every check after it (header, claims, provider, audience, key, signature, times) still
 * runs on every call.
 * - Only tokens whose signature was already remembered for a key enter (verified-signatures.ts:
 *   a token that verified at least twice), so only tokens a registered issuer signed, and never
 *   the one-off tokens of a new-token load, which would only churn the memo.
 * - A remembered token is shared by the calls that present it: its header and claims are frozen,
 *   so no step can change what another call reads.
 * - Bounded, oldest first: its keys are texts of up to MAX_TOKEN_LENGTH characters.
 */
import { BoundedMap } from '../aws/bounded-map.js';
import { parseToken } from './parse.js';
import type { ParsedToken } from './token.js';

export const MAX_PARSED_TOKENS = 256;

const parsedTokens = new BoundedMap<string, ParsedToken>(MAX_PARSED_TOKENS);

/** parseToken, answered from memory for a token remembered by rememberParsed. */
export function parseTokenOnce(token: string): ParsedToken {
  return parsedTokens.get(token) ?? parseToken(token);
}

/** Keeps `parsed` (parseToken's result for exactly `token`); call only once its signature was remembered valid. */
export function rememberParsed(token: string, parsed: ParsedToken): void {
  if (parsedTokens.get(token) === parsed) return;
  freezeJson(parsed.header);
  freezeJson(parsed.claims);
  parsedTokens.set(token, parsed);
}

/** Freezes a JSON value and everything in it (iteratively: a claim may nest deeply). */
function freezeJson(value: unknown): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const member of Object.values(next)) pending.push(member);
  }
}
