/**
 * An error that goes on the wire exactly as AWS sends it: a code, a message (byte for byte),
 * an HTTP status and a fault type. Services throw these; the server encodes them into the
 * `ErrorResponse` envelope. Anything else that escapes a handler is a bug and becomes a 500.
 */
export type FaultType = 'Sender' | 'Receiver';

export class AwsError extends Error {
  override readonly name = 'AwsError';

  constructor(
    readonly code: string,
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
