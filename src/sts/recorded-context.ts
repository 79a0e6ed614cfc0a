/**
 * The trust context as a decision record keeps it: without its copies of the claims.
 *
 * buildTrustContext turns every top-level string, number or boolean claim (but the four AWS
 * defines) into `<provider>:<claim>` with the claim's own value, and the record keeps the claims
 * anyway. Those copies were a third of an allowed call's record, and every byte of a record is
 * serialised, handed to the writer thread and written, thousands of times a second. So the
 * record keeps only the other keys, plus how to rebuild the copies; whoever reads a record asks
 * expandRecordedContext for the whole context, in the order the trust policy saw it. Records
 * written before this carry the whole context and are read as they are.
 */
import type { JwtClaims } from '../oidc/token.js';
import type { RequestContext } from '../policy/index.js';
import { claimKey, isCopiedClaimValue, STANDARD_CLAIMS } from './trust-context.js';

/** The details members a record's context is kept in. */
export interface RecordedContext {
  /** The keys that are not a claim's copy, in the order they were built. */
  context: Record<string, unknown>;
  /** The copies left out: every eligible claim under `<prefix>:`, but the ones listed in `except`. */
  contextFromClaims: { prefix: string; except?: string[] };
}

export function compactContext(context: RequestContext, claims: JwtClaims, prefix: string): RecordedContext {
  /** A claim the trust context copies: not one of AWS's own, and a plain scalar. */
  const eligible = (claim: string): boolean => !STANDARD_CLAIMS.has(claim) && isCopiedClaimValue(claims[claim]);
  const except: string[] = [];
  // Not a plain copy: left out of the context (a look-alike name), or another value there.
  for (const claim in claims) if (eligible(claim) && context[claimKey(prefix, claim)] !== claims[claim]) except.push(claim);
  const kept: Record<string, unknown> = {};
  for (const key in context) {
    const claim = claimNamed(key, prefix);
    const isCopy = claim !== undefined && Object.hasOwn(claims, claim) && eligible(claim) && claims[claim] === context[key];
    if (!isCopy) kept[key] = context[key];
  }
  return { context: kept, contextFromClaims: except.length === 0 ? { prefix } : { prefix, except } };
}

/** The claim a `<prefix>:<claim>` key names, or undefined for any other key. */
function claimNamed(key: string, prefix: string): string | undefined {
  return key.startsWith(prefix) && key.charCodeAt(prefix.length) === 0x3a ? key.slice(prefix.length + 1) : undefined;
}

type Members = Record<string, unknown> | undefined;

/**
 * The whole context of a record, from its details' `context`, `contextFromClaims` and `claims`
 * members (each given when it is a JSON object); undefined when the record kept no context.
 */
export function expandRecordedContext(kept: Members, from: Members, claims: Members): Record<string, unknown> | undefined {
  if (kept === undefined || from === undefined || typeof from['prefix'] !== 'string' || claims === undefined) return kept;
  const except = new Set(Array.isArray(from['except']) ? from['except'] : []);
  const context: Record<string, unknown> = {};
  for (const [claim, value] of Object.entries(claims)) {
    if (!STANDARD_CLAIMS.has(claim) && isCopiedClaimValue(value) && !except.has(claim)) context[`${from['prefix']}:${claim}`] = value;
  }
  return Object.assign(context, kept);
}
