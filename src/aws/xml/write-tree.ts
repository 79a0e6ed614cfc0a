import { XmlMap, type WireValue } from '../shape.js';
import { formatScalar } from '../wire-scalar.js';
import { escapeXml } from './escape.js';

/**
 * Appends `<name>…</name>` for one value of the result tree, pretty-printed the way AWS's
 * Query services print (two spaces per level, one element per line, leaves on one line).
 * `undefined` members are left out; empty structures, lists and strings become `<name/>`.
 */
export function writeElement(lines: string[], name: string, value: WireValue, depth: number): void {
  if (value === undefined) return;
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    const children = value.filter((item) => item !== undefined);
    if (children.length === 0) return void lines.push(`${pad}<${name}/>`);
    lines.push(`${pad}<${name}>`);
    for (const item of children) writeElement(lines, 'member', item, depth + 1);
    lines.push(`${pad}</${name}>`);
    return;
  }
  if (value instanceof XmlMap) {
    if (value.entries.length === 0) return void lines.push(`${pad}<${name}/>`);
    lines.push(`${pad}<${name}>`);
    for (const [key, entryValue] of value.entries) {
      lines.push(`${pad}  <entry>`);
      writeElement(lines, 'key', key, depth + 2);
      writeElement(lines, 'value', entryValue, depth + 2);
      lines.push(`${pad}  </entry>`);
    }
    lines.push(`${pad}</${name}>`);
    return;
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    const before = lines.length;
    lines.push(`${pad}<${name}>`);
    for (const [member, memberValue] of Object.entries(value)) writeElement(lines, member, memberValue, depth + 1);
    if (lines.length === before + 1) lines[before] = `${pad}<${name}/>`;
    else lines.push(`${pad}</${name}>`);
    return;
  }
  const text = escapeXml(formatScalar(value));
  lines.push(text === '' ? `${pad}<${name}/>` : `${pad}<${name}>${text}</${name}>`);
}
