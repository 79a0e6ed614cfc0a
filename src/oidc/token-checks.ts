/**
 * The checks STS makes on a web-identity token, declared once and in AWS's order: parse →
 * header → required claims → issuer (the registered provider) → audience → key → signature →
 * times. STS runs them to the first failure (verifyWebIdentityToken, and the whole
 * AssumeRoleWithWebIdentity pipeline in src/sts/pipeline/); `trustbridge explain` runs them
 * all. Each check is its own module; this file only says what each needs and how it reads.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html;
 * https://repost.aws/knowledge-center/iam-sts-invalididentitytoken
 */
import type { KeyObject } from 'node:crypto';
import { defineCheck, type Check, type MissingReasons } from '../aws/check-pipeline.js';
import type { OidcProviderRecord } from '../store/records.js';
import { checkAudience } from './check-audience.js';
import { checkRequiredClaims, type RequiredClaims } from './check-claims.js';
import { checkHeader, type CheckedHeader } from './check-header.js';
import { checkTimes, type TokenTimes } from './check-times.js';
import type { KeySource } from './key-source.js';
import { parseTokenOnce, rememberParsed } from './parsed-tokens.js';
import { selectProvider, type FindProvider } from './select-provider.js';
import type { ParsedToken } from './token.js';
import { verifySignature } from './verify-signature.js';

/** What the token checks start from (token, now, keys, findProvider) and what they find. */
export interface TokenFacts {
  token: string;
  now: Date;
  /** Where verification keys come from; a diagnosis may leave it out to skip key and signature. */
  keys: KeySource;
  /** Looks the token's `iss` up among the registered providers. */
  findProvider: FindProvider;
  parsed: ParsedToken;
  /** The `iss` claim when it is a string: what selects the provider. */
  iss: string;
  header: CheckedHeader;
  claims: RequiredClaims;
  provider: OidcProviderRecord;
  /** The client ID that matched: `azp` when present, else the matching `aud` element. */
  audience: string;
  key: KeyObject;
  signatureVerified: true;
  times: TokenTimes;
}

/** The name under which a terse log shows all token checks as one entry. */
export const TOKEN_GROUP = 'web identity token';

const parse = defineCheck<TokenFacts, unknown, 'token', 'parsed'>({
  name: 'parse',
  needs: ['token'],
  group: TOKEN_GROUP,
  run: ({ token }) => {
    const parsed = parseTokenOnce(token);
    const iss = parsed.claims['iss'];
    // Only a string iss selects a provider; the claims check says what is wrong with another.
    return typeof iss === 'string' ? { parsed, iss } : { parsed };
  },
  describe: () => 'a compact JWS with a JSON header and payload',
});

const header = defineCheck<TokenFacts, unknown, 'parsed', 'header'>({
  name: 'header',
  needs: ['parsed'],
  group: TOKEN_GROUP,
  run: ({ parsed }) => ({ header: checkHeader(parsed.header) }),
  describe: ({ header: h }) => `alg ${h.alg}, kid ${h.kid ?? '(none)'}`,
});

const claims = defineCheck<TokenFacts, unknown, 'parsed', 'claims'>({
  name: 'claims',
  needs: ['parsed'],
  group: TOKEN_GROUP,
  run: ({ parsed }) => ({ claims: checkRequiredClaims(parsed.claims) }),
  describe: ({ claims: c }) => `iss ${c.iss}, sub ${c.sub}, aud ${JSON.stringify(c.aud)}, exp present`,
});

const issuer = defineCheck<TokenFacts, unknown, 'parsed' | 'findProvider' | 'iss', 'provider'>({
  name: 'issuer',
  needs: ['parsed', 'findProvider', 'iss'],
  group: TOKEN_GROUP,
  run: async ({ iss, findProvider }) => ({ provider: await selectProvider(iss, findProvider) }),
  describe: ({ provider: p }) => `provider ${p.arn} (client IDs ${JSON.stringify(p.clientIds)})`,
});

const audience = defineCheck<TokenFacts, unknown, 'parsed' | 'provider', 'audience'>({
  name: 'audience',
  needs: ['parsed', 'provider'],
  group: TOKEN_GROUP,
  run: ({ parsed, provider }) => ({ audience: checkAudience(parsed.claims, provider) }),
  describe: ({ audience: a }) => `${JSON.stringify(a)} is a client ID of the provider`,
});

const key = defineCheck<TokenFacts, unknown, 'parsed' | 'provider' | 'keys' | 'header', 'key'>({
  name: 'key',
  needs: ['parsed', 'provider', 'keys', 'header'],
  group: TOKEN_GROUP,
  run: async ({ keys, provider, header: h }) => ({ key: await keys.getKey(provider, h) }),
  describe: (_found, { provider }) => (provider.staticJwks !== null ? "found in the provider's static JWKS" : "found in the issuer's JWKS"),
});

const signature = defineCheck<TokenFacts, unknown, 'parsed' | 'provider' | 'keys' | 'key' | 'header' | 'token', 'signatureVerified'>({
  name: 'signature',
  // In the order a diagnosis names what is missing: without a key, the header does not matter.
  needs: ['parsed', 'provider', 'keys', 'key', 'header', 'token'],
  group: TOKEN_GROUP,
  run: ({ parsed, header: h, key: k, token }) => {
    // A token verified often enough to be remembered is parsed from memory next time (parsed-tokens.ts).
    if (verifySignature(parsed, h.alg, k) === 'remembered') rememberParsed(token, parsed);
    return { signatureVerified: true };
  },
  describe: (_found, { header: h }) => `${h.alg} signature verifies`,
});

const times = defineCheck<TokenFacts, unknown, 'parsed' | 'now', 'times'>({
  name: 'times',
  needs: ['parsed', 'now'],
  group: TOKEN_GROUP,
  run: ({ parsed, now }) => ({ times: checkTimes(parsed.claims, now) }),
  describe: ({ times: t }) => `exp ${new Date(t.exp * 1000).toISOString()} is not past (with the allowed clock skew)`,
});

/**
 * The list, in AWS's order. Generic in the facts record so that a larger pipeline whose facts
 * include TokenFacts (STS's) can put these checks in its own list.
 */
export function tokenChecks<F extends TokenFacts, E>(): Array<Check<F, E>> {
  // Sound: each check reads and writes only TokenFacts keys, whose types F keeps.
  return [parse, header, claims, issuer, audience, key, signature, times] as unknown as Array<Check<F, E>>;
}

/** True when every token check passed: the token verified against a registered provider. */
export function tokenVerified<T extends Partial<TokenFacts>>(facts: T): facts is T & Pick<TokenFacts, 'provider' | 'audience' | 'times'> {
  const found: ReadonlyArray<keyof TokenFacts> = ['parsed', 'header', 'claims', 'provider', 'audience', 'key', 'signatureVerified', 'times'];
  return found.every((fact) => Object.hasOwn(facts, fact));
}

/** Why a token check could not run, by the fact it lacks (for runAll). */
export const TOKEN_MISSING_REASONS: MissingReasons<TokenFacts> = {
  parsed: 'the token could not be decoded',
  provider: 'needs the OIDC provider',
  keys: 'skipped on request (--skip-signature)',
  header: 'needs a valid header (alg, kid)',
  key: 'needs the verification key',
  iss: 'the token has no usable iss',
};
