import type { AwsError } from '../error.js';
import { writeElement } from './write-tree.js';
import { escapeXmlAttribute } from './escape.js';

/**
 * The awsQuery error envelope, byte for byte as captured from AWS (raw XML in
 * awslabs/aws-sdk-rust#827): two-space indentation, Type/Code/Message, RequestId, trailing LF.
 */
export function encodeXmlError(error: AwsError, xmlNamespace: string, requestId: string): string {
  const lines = [`<ErrorResponse xmlns="${escapeXmlAttribute(xmlNamespace)}">`];
  writeElement(lines, 'Error', { Type: error.type, Code: error.code, Message: error.message }, 1);
  writeElement(lines, 'RequestId', requestId, 1);
  lines.push('</ErrorResponse>');
  return lines.join('\n') + '\n';
}
