import type { AwsError } from '../error.js';

/**
 * `{"Error":{"Code","Message","Type"},"RequestId"}`, the shape trufflehog's ErrorResponseBody reads
 * (trufflesecurity/trufflehog).
 */
export function encodeJsonError(error: AwsError, requestId: string): string {
  return JSON.stringify({ Error: { Code: error.code, Message: error.message, Type: error.type }, RequestId: requestId });
}
