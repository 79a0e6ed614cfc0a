import { parseFormUrlEncoded, type FormPair } from './form-urlencoded.js';
import { QueryParams } from './query-params.js';

/**
 * One awsQuery call as the wire delivered it: the operation, the API version that selects the
 * service, and every other parameter. `action`/`version` are undefined when not sent, which AWS
 * answers differently from an empty value (see the server's routing).
 */
export interface QueryRequest {
  action: string | undefined;
  version: string | undefined;
  params: QueryParams;
}

export interface RawQueryInput {
  method: string;
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** The raw query string, without the leading `?`. */
  query: string;
  body: Buffer | string;
}

/**
 * Decodes a GET query string or a POST form body (plus any query string on the POST, which AWS
 * also reads). A POST body counts only when it is declared form-encoded, with or without a
 * charset parameter, the way botocore and the JS SDK send it.
 *
 * When a name repeats, the first occurrence wins: real STS answers
 * `Action=GetCallerIdentity&Action=NoSuchAction` as GetCallerIdentity.
 */
export function decodeQueryRequest(input: RawQueryInput): QueryRequest {
  const pairs: FormPair[] = parseFormUrlEncoded(input.query);
  if (input.method === 'POST' && isFormContentType(input.contentType)) {
    const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
    pairs.push(...parseFormUrlEncoded(body));
  }
  const values = new Map<string, string>();
  for (const [name, value] of pairs) if (!values.has(name)) values.set(name, value);
  return { action: values.get('Action'), version: values.get('Version'), params: new QueryParams(values) };
}

export function isFormContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/x-www-form-urlencoded';
}
