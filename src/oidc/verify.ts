/**
 * verifyWebIdentityToken: the checks STS makes on a web-identity token (src/oidc/token-checks.ts,
 * in AWS's order), run to the first failure. Returns a pass/fail Step for each check run; on a
 * failure throws that check's OidcVerificationError (an AwsError with AWS's code, message and
 * status; `reason` and `detail` say why in our words) carrying the steps so far.
 *
 * Usage:
 *   const result = await verifyWebIdentityToken(token, { findProvider, keys: jwksCache, now });
 *   result.claims, result.provider, result.audience  →  trust-policy evaluation
 */
import type { OidcProviderRecord } from '../store/records.js';
import { runToFirstFailure, type CheckResult } from '../aws/check-pipeline.js';
import { OidcVerificationError } from './errors.js';
import type { FindProvider } from './select-provider.js';
import type { KeySource } from './key-source.js';
import { TOKEN_GROUP, tokenChecks, type TokenFacts } from './token-checks.js';
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
  const run = await runToFirstFailure(tokenChecks<TokenFacts, undefined>(), { token, ...deps }, undefined);
  const steps = tokenSteps(run.results);
  if (run.failure !== undefined) {
    const { error } = run.failure;
    // Every token check fails with an OidcVerificationError; anything else is a bug.
    if (!(error instanceof OidcVerificationError)) throw error;
    throw new TokenRejected(error, steps);
  }
  const { parsed, provider, audience } = run.facts;
  if (parsed === undefined || provider === undefined || audience === undefined) throw new Error('the token checks passed without finding the provider');
  return { header: parsed.header, claims: parsed.claims, provider, audience, steps };
}

/** The token checks' results as Steps (the decision log keeps them; they hold no token). */
export function tokenSteps<F>(results: ReadonlyArray<CheckResult<F>>): Step[] {
  return results.flatMap((r): Step[] => {
    if (r.group !== TOKEN_GROUP) return [];
    if (r.status === 'passed') return [{ name: r.name as StepName, ok: true, detail: r.detail }];
    if (r.status === 'skipped' || !(r.error instanceof OidcVerificationError)) return [];
    const e = r.error;
    return [{ name: r.name as StepName, ok: false, detail: e.detail, error: { code: e.code, message: e.message, status: e.status, reason: e.reason } }];
  });
}
