/**
 * verifyWebIdentityToken: the whole check STS runs on a web-identity token, in AWS's order
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html;
 * https://repost.aws/knowledge-center/iam-sts-invalididentitytoken): parse → header → required
 * claims → issuer → audience → key → signature → times. Each step is its own module and can be
 * called alone (`trustbridge explain` does); this function runs them in order, records a pass/fail
 * Step for each, and stops at the first failure, throwing that step's OidcVerificationError (an
 * AwsError with AWS's code, message and status; `reason` and `detail` say why in our words).
 *
 * Usage (STS's AssumeRoleWithWebIdentity):
 *   const result = await verifyWebIdentityToken(token, { findProvider, keys: jwksCache, now });
 *   result.claims, result.provider, result.audience  →  trust-policy evaluation
 */
import type { OidcProviderRecord } from '../store/records.js';
import { OidcVerificationError } from './errors.js';
import { parseToken } from './parse.js';
import { checkHeader } from './check-header.js';
import { checkRequiredClaims } from './check-claims.js';
import { selectProvider, type FindProvider } from './select-provider.js';
import { checkAudience } from './check-audience.js';
import { verifySignature } from './verify-signature.js';
import { checkTimes } from './check-times.js';
import type { KeySource } from './key-source.js';
import type { JwsHeader, JwtClaims } from './token.js';

export type StepName = 'parse' | 'header' | 'claims' | 'issuer' | 'audience' | 'key' | 'signature' | 'times';

export interface Step {
  name: StepName;
  ok: boolean;
  /** What was checked and found, in words (never contains the token or its signature). */
  detail: string;
  /** On failure: the wire error. */
  error?: { code: string; message: string; status: number; reason: string };
}

export interface VerifyDeps {
  findProvider: FindProvider;
  keys: KeySource;
  now: Date;
}

export interface VerifiedToken {
  header: JwsHeader;
  claims: JwtClaims;
  provider: OidcProviderRecord;
  /** The client ID that matched: `azp` when present, else the matching `aud` element. */
  audience: string;
  steps: Step[];
}

/** Thrown by verifyWebIdentityToken: the failing step's error, with every step run so far. */
export class TokenRejected extends OidcVerificationError {
  constructor(cause: OidcVerificationError, readonly steps: Step[]) {
    super(cause.code, cause.message, cause.reason, cause.detail);
  }
}

export async function verifyWebIdentityToken(token: string, deps: VerifyDeps): Promise<VerifiedToken> {
  const steps: Step[] = [];
  const run = async <T>(name: StepName, action: () => T | Promise<T>, describe: (value: T) => string): Promise<T> => {
    try {
      const value = await action();
      steps.push({ name, ok: true, detail: describe(value) });
      return value;
    } catch (err) {
      if (!(err instanceof OidcVerificationError)) throw err;
      steps.push({ name, ok: false, detail: err.detail, error: { code: err.code, message: err.message, status: err.status, reason: err.reason } });
      throw new TokenRejected(err, steps);
    }
  };

  const parsed = await run('parse', () => parseToken(token), () => 'a compact JWS with a JSON header and payload');
  const { alg, kid } = await run('header', () => checkHeader(parsed.header), (h) => `alg ${h.alg}, kid ${h.kid ?? '(none)'}`);
  const { iss } = await run('claims', () => checkRequiredClaims(parsed.claims), (c) => `iss ${c.iss}, sub ${c.sub}, aud ${JSON.stringify(c.aud)}, exp present`);
  const provider = await run('issuer', () => selectProvider(iss, deps.findProvider), (p) => `provider ${p.arn}`);
  const audience = await run('audience', () => checkAudience(parsed.claims, provider), (a) => `${a} is a client ID of the provider`);
  const key = await run('key', () => deps.keys.getKey(provider, { alg, kid }), () =>
    provider.staticJwks !== null ? 'found in the provider\'s static JWKS' : 'found in the issuer\'s JWKS');
  await run('signature', () => verifySignature(parsed, alg, key), () => `${alg} signature verifies`);
  await run('times', () => checkTimes(parsed.claims, deps.now), (t) => `exp ${t.exp} is not past (with skew)`);
  return { header: parsed.header, claims: parsed.claims, provider, audience, steps };
}
