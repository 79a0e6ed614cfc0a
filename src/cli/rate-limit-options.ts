/**
 * `serve`/`up` flags for the per-address limit on AssumeRoleWithWebIdentity calls no registered
 * provider vouched for (src/sts/unverified-call-limiter.ts; issue 10, finding 3).
 */
import type { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import { DEFAULT_UNVERIFIED_CALL_LIMIT, NO_RATE_LIMIT, type RateLimit } from '../sts/index.js';

export interface RateLimitFlags {
  unverifiedRate?: string;
  unverifiedBurst?: string;
  /** False with --no-unverified-limit. */
  unverifiedLimit?: boolean;
}

export const RATE_LIMIT_HELP = `
Rate limit: AssumeRoleWithWebIdentity calls whose token no registered provider verified
(malformed, unknown issuer or account, bad signature) spend a token bucket per source address,
${DEFAULT_UNVERIFIED_CALL_LIMIT.perSecond}/s with a burst of ${DEFAULT_UNVERIFIED_CALL_LIMIT.burst} by default; past it they get AWS's 400 Throttling
"Rate exceeded" and leave no decision row. Verified calls are never throttled.
  --unverified-rate 10 --unverified-burst 50    # stricter
  --no-unverified-limit                         # off (a proxy in front limits instead)`;

export function rateLimitOptions(command: Command): Command {
  return command
    .option(
      '--unverified-rate <per-second>',
      `refill rate of each address's bucket for unverified STS calls (default ${DEFAULT_UNVERIFIED_CALL_LIMIT.perSecond})`,
    )
    .option('--unverified-burst <n>', `size of that bucket: failures allowed in a row (default ${DEFAULT_UNVERIFIED_CALL_LIMIT.burst})`)
    .option('--no-unverified-limit', 'do not rate-limit unverified STS calls');
}

/** The limit the flags ask for, checked. */
export function unverifiedCallLimit(flags: RateLimitFlags): RateLimit {
  if (flags.unverifiedLimit === false) {
    if (flags.unverifiedRate !== undefined || flags.unverifiedBurst !== undefined) {
      throw new InvalidInputError(
        '--no-unverified-limit turns the limit off: drop --unverified-rate/--unverified-burst, or keep the limit',
      );
    }
    return NO_RATE_LIMIT;
  }
  return {
    perSecond: positive(flags.unverifiedRate, '--unverified-rate', DEFAULT_UNVERIFIED_CALL_LIMIT.perSecond),
    burst: positive(flags.unverifiedBurst, '--unverified-burst', DEFAULT_UNVERIFIED_CALL_LIMIT.burst),
  };
}

function positive(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0))
    throw new InvalidInputError(`${flag} must be a positive number, got ${JSON.stringify(text)}`);
  return value;
}
