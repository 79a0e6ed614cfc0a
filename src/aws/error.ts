/**
 * An error that goes on the wire exactly as AWS sends it: a code, a message (byte for byte),
 * an HTTP status and a fault type. Services throw these; the server encodes them into the
 * `ErrorResponse` envelope. Anything else that escapes a handler is a bug and becomes a 500.
 * Its `code` is AWS's error code, the TrustbridgeError code for errors that go on the wire.
 */
import { TrustbridgeError } from '../errors.js';

export type FaultType = 'Sender' | 'Receiver';

export class AwsError extends TrustbridgeError {
  override readonly name = 'AwsError';

  constructor(
    override readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly type: FaultType = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}
