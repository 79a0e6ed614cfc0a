import { TrustbridgeError } from '../errors.js';

/** Thrown when an insert collides with an existing key (same URL, same role name, …). */
export class UniqueViolation extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_UNIQUE_VIOLATION';
  override readonly code = UniqueViolation.code;
  override readonly name = 'UniqueViolation';
}
