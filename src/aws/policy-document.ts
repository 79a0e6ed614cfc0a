import { encodeRfc3986 } from './rfc3986.js';

/**
 * IAM returns policy documents URL-encoded (the `policyDocumentType` members of
 * botocore/data/iam/2010-05-08/service-2.json); botocore's `json_decode_policies`
 * handler `unquote`s them and parses the JSON. RFC 3986 encoding: everything but the unreserved
 * characters `A-Z a-z 0-9 - . _ ~` is percent-encoded as UTF-8, as AWS sends them.
 */
export function encodePolicyDocument(document: string): string {
  return encodeRfc3986(document, false);
}
