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
  override readonly code: string;
  readonly status: number;
  readonly type: FaultType;

  constructor(code: string, message: string, status: number = 400, type: FaultType = status >= 500 ? 'Receiver' : 'Sender') {
    // An AWS error is an answer, not a bug: where it was thrown is never logged nor sent, yet V8
    // captured a stack trace for each one — a measurable part of every refused call, which
    // anyone can make without credentials. Faults (any other error) keep their stacks.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}
