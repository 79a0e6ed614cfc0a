import type { WireStruct } from '../shape.js';
import { toJson, type JsonValue } from './tree.js';

/**
 * `{"XResponse":{"XResult":{…},"ResponseMetadata":{"RequestId":…}}}`, the envelope JSON-mode
 * clients such as trufflehog parse.
 */
export function encodeJsonSuccess(action: string, result: WireStruct | undefined, requestId: string): string {
  const response: { [key: string]: JsonValue } = {};
  if (result !== undefined) response[`${action}Result`] = toJson(result);
  response['ResponseMetadata'] = { RequestId: requestId };
  return JSON.stringify({ [`${action}Response`]: response });
}
