/**
 * Rate limits for AssumeRoleWithWebIdentity calls whose token no registered provider vouched
 * for (malformed token, unknown provider or account, bad signature): a token bucket per source
 * address. Such calls are unauthenticated and each writes to the decision log, so one address
 * could otherwise fill the disk (issue 10, finding 3).
 *
 * Only failures spend tokens, and only a failure is ever refused: a call whose token verified
 * against a registered provider is never throttled, so a CI fleet behind one NAT address keeps
 * working while a flood from that address is answered with AWS's throttle and not recorded.
 * Buckets are per address, so a flood from one address never slows another.
 */
import { AwsError } from '../aws/error.js';

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many failures in a row an address may make before being throttled. */
  burst: number;
}

export const DEFAULT_UNVERIFIED_CALL_LIMIT: RateLimit = { perSecond: 50, burst: 200 };
/** No limit at all (`--no-unverified-limit`): nothing is tracked, nothing is throttled. */
export const NO_RATE_LIMIT: RateLimit = { perSecond: Infinity, burst: Infinity };
/** Past this many tracked addresses, full buckets (addresses that went quiet) are forgotten. */
const MAX_TRACKED = 10_000;

/**
 * AWS's throttle for the Query protocol: HTTP 400, code Throttling, "Rate exceeded"
 * (botocore/retryhandler.py and botocore/retries/standard.py list `Throttling` among the
 * throttling codes; the STS API reference lists it under common errors as a 400).
 */
export function throttled(): AwsError {
  return new AwsError('Throttling', 'Rate exceeded', 400);
}

export class UnverifiedCallLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit = DEFAULT_UNVERIFIED_CALL_LIMIT,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Spends one token for `address`; false when its bucket is empty (the call is throttled). */
  spend(address: string): boolean {
    if (this.limit.burst === Infinity) return true;
    const now = this.clock();
    const bucket = this.refilled(address, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private refilled(address: string, now: number): { tokens: number; at: number } {
    let bucket = this.buckets.get(address);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_TRACKED) this.forgetQuietAddresses(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(address, bucket);
    }
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    return bucket;
  }

  private forgetQuietAddresses(now: number): void {
    for (const [address, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(address);
    }
  }
}
