import type { AwsError } from './error.js';
import { encodeJsonError } from './json/error.js';
import { encodeJsonSuccess } from './json/success.js';
import type { WireStruct } from './shape.js';
import { encodeXmlError } from './xml/error.js';
import { encodeXmlSuccess } from './xml/success.js';

/**
 * XML is what every SDK uses; STS also answers in JSON when the client asks for it (`Accept:
 * application/json`, as trufflehog and Envoy send it).
 */
export type WireFormat = 'xml' | 'json';

export interface EncodedBody {
  status: number;
  contentType: string;
  body: string;
}

const CONTENT_TYPE: Record<WireFormat, string> = { xml: 'text/xml', json: 'application/json' };

/** JSON only when the service offers it and the client's Accept names application/json. */
export function negotiateFormat(accept: string | undefined, jsonOffered: boolean): WireFormat {
  if (!jsonOffered || accept === undefined) return 'xml';
  const wantsJson = accept
    .split(',')
    .some((range) => range.split(';', 1)[0]!.trim().toLowerCase() === 'application/json');
  return wantsJson ? 'json' : 'xml';
}

export function encodeSuccess(
  format: WireFormat,
  action: string,
  xmlNamespace: string,
  result: WireStruct | undefined,
  requestId: string,
): EncodedBody {
  const body =
    format === 'json'
      ? encodeJsonSuccess(action, result, requestId)
      : encodeXmlSuccess(action, xmlNamespace, result, requestId);
  return { status: 200, contentType: CONTENT_TYPE[format], body };
}

export function encodeError(format: WireFormat, error: AwsError, xmlNamespace: string, requestId: string): EncodedBody {
  const body = format === 'json' ? encodeJsonError(error, requestId) : encodeXmlError(error, xmlNamespace, requestId);
  return { status: error.status, contentType: CONTENT_TYPE[format], body };
}
