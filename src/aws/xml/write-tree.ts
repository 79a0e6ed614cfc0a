import { XmlMap, type WireValue } from '../shape.js';
import { formatScalar } from '../wire-scalar.js';
import { escapeXml } from './escape.js';

/** Indentation by depth, made once: every element of every answer needs one. */
const PADS = Array.from({ length: 16 }, (_, depth) => '  '.repeat(depth));

/**
 * Appends `<name>…</name>` for one value of the result tree, pretty-printed the way AWS's
 * Query services print (two spaces per level, one element per line, leaves on one line).
 * `undefined` members are left out; empty structures, lists and strings become `<name/>`.
 */
export function writeElement(lines: string[], name: string, value: WireValue, depth: number): void {
  if (value === undefined) return;
  const pad = PADS[depth] ?? '  '.repeat(depth);
  if (Array.isArray(value)) {
    const before = lines.length;
    lines.push(`${pad}<${name}>`);
    for (const item of value) writeElement(lines, 'member', item, depth + 1);
    if (lines.length === before + 1) lines[before] = `${pad}<${name}/>`;
    else lines.push(`${pad}</${name}>`);
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
    // for…in, not Object.entries: a result's structs are plain objects, and the entry arrays
    // were most of what encoding an answer allocated.
    for (const member in value) writeElement(lines, member, value[member], depth + 1);
    if (lines.length === before + 1) lines[before] = `${pad}<${name}/>`;
    else lines.push(`${pad}</${name}>`);
    return;
  }
  const text = escapeXml(formatScalar(value));
  lines.push(text === '' ? `${pad}<${name}/>` : `${pad}<${name}>${text}</${name}>`);
}
