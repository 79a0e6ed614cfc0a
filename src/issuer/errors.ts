/** The issuer's own failures a caller may handle; codes as src/errors.ts describes them. */
import { TrustbridgeError } from '../errors.js';

/** No `--url` was given and no issuer has recorded its URL in the data directory yet. */
export class NoIssuerUrlError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_NO_ISSUER_URL';
  override readonly code = NoIssuerUrlError.code;
}

/** The key ring file cannot be used: an unknown format, or no current signing key. */
export class KeyRingError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_KEY_RING';
  override readonly code = KeyRingError.code;
}

/** Another process held a data-directory lock for longer than we wait. */
export class LockTimeoutError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_LOCK_TIMEOUT';
  override readonly code = LockTimeoutError.code;
}
