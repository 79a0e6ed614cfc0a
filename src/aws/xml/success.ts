import type { WireStruct } from '../shape.js';
import { escapeXmlAttribute } from './escape.js';
import { writeElement } from './write-tree.js';

/**
 * The awsQuery success body, as AWS's captured answers have it (e.g. in salrashid123's README):
 * `<{Action}Response xmlns><{Action}Result>…</{Action}Result><ResponseMetadata>…` with no XML
 * declaration. An action without output (`result` undefined) gets only ResponseMetadata.
 */
export function encodeXmlSuccess(action: string, xmlNamespace: string, result: WireStruct | undefined, requestId: string): string {
  const lines = [`<${action}Response xmlns="${escapeXmlAttribute(xmlNamespace)}">`];
  if (result !== undefined) writeElement(lines, `${action}Result`, result, 1);
  writeElement(lines, 'ResponseMetadata', { RequestId: requestId }, 1);
  lines.push(`</${action}Response>`);
  return lines.join('\n') + '\n';
}
