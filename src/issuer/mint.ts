/**
 * Minting one CI/CD ID token: GitLab's claims for the job, signed RS256 by the ring's current
 * key, with the key's `exp` high-water mark recorded before signing (so rotation keeps the key
 * published for as long as this token lives).
 */
import { buildClaims, type Audience, type Claims } from './claims.js';
import { recordedIssuerUrl } from './issuer-settings.js';
import { FALLBACK_TOKEN_TTL_SECONDS, type JobContext } from './job-context.js';
import { signRs256 } from './jwt.js';
import type { KeyRing } from './keyring.js';
import { InvalidInputError } from '../errors.js';
import { NoIssuerUrlError } from './errors.js';

export interface MintOptions {
  /** One audience (a JSON string) or several (a JSON array, even of one). Default: the issuer URL. */
  aud?: Audience;
  /** Lifetime in seconds; defaults to the job's timeout, as GitLab does. */
  ttl?: number;
  /** Extra or replacement claims. */
  claims?: Claims;
  /** The token's `iss`; defaults to the URL recorded by the issuer serving this data directory. */
  iss?: string;
  /** Epoch seconds; defaults to now (tests pin it). */
  now?: number;
}

/** Returns the compact JWS. */
export function mintToken(keyring: KeyRing, job: JobContext, options: MintOptions = {}): string {
  const iss = options.iss ?? recordedIssuerUrl(keyring.dir);
  if (iss === undefined) {
    throw new NoIssuerUrlError(`no issuer URL recorded in ${keyring.dir}: start the issuer there first, or pass --url`);
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const ttlSeconds = options.ttl ?? job.timeoutSeconds ?? FALLBACK_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new InvalidInputError(`token lifetime must be a positive whole number of seconds, got ${ttlSeconds}`);
  const claims = buildClaims(job, { iss, aud: options.aud ?? iss, now, ttlSeconds, extra: options.claims });
  // A --claim may replace exp; the key must stay published for whatever the token says.
  const exp = typeof claims.exp === 'number' ? Math.max(claims.exp, now + ttlSeconds) : now + ttlSeconds;
  const signer = keyring.signerFor(exp);
  return signRs256(signer.kid, claims, signer.privateKey);
}
