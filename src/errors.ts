/**
 * The one base of every error a caller may handle, after panva/jose's src/util/errors.ts: each
 * subclass has a stable `code`, both on the class (`JwksFormatError.code`) and on every instance,
 * so callers switch on codes rather than on message text or class identity across module copies.
 *
 * Two kinds of code:
 *   - `ERR_TRUSTBRIDGE_*`: Trustbridge's own conditions, one per class, never renamed once
 *     released (test/errors.test.ts holds the list);
 *   - an AWS error code (`AccessDenied`, `NoSuchEntity`, …) for the errors that carry one from or
 *     to the wire (AwsError, QueryCallError, StsCallError): AWS defines those codes, and they never
 *     start with `ERR_`.
 *
 * This module imports nothing, so every layer (aws/ at the bottom up to cli/) can use it.
 * Messages are the classes' business; the base adds no text, so `message` stays what it was.
 */
export abstract class TrustbridgeError extends Error {
  abstract readonly code: string;
}

/**
 * A value a person supplied (a command-line option, a setting, a URL, a key file) is missing or
 * not acceptable. The message says which value and what would be accepted.
 */
export class InvalidInputError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_INVALID_INPUT';
  readonly code = InvalidInputError.code;
}
