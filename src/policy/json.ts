/**
 * A strict JSON reader for policy documents. JSON.parse silently keeps the last of duplicate
 * keys, which IAM rejects, and forgets where a statement sits, which the simulator reports
 * (StartPosition/EndPosition). So policies are read here into nodes that keep both.
 */
import type { Position } from './types.js';
import { TrustbridgeError } from '../errors.js';

export type JsonNode =
  | { type: 'object'; entries: JsonEntry[]; start: Position; end: Position }
  | { type: 'array'; items: JsonNode[]; start: Position; end: Position }
  | { type: 'string'; value: string; start: Position; end: Position }
  | { type: 'number'; value: number; raw: string; start: Position; end: Position }
  | { type: 'boolean'; value: boolean; start: Position; end: Position }
  | { type: 'null'; start: Position; end: Position };

export interface JsonEntry {
  key: string;
  value: JsonNode;
}

/** Why a text is not a policy-grade JSON document. */
export class JsonSyntaxError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_JSON_SYNTAX';
  override readonly code = JsonSyntaxError.code;
}

/** Nesting beyond this is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 64;

export function parseJson(text: string): JsonNode {
  const reader = new Reader(text);
  reader.skipSpace();
  const node = reader.value(0);
  reader.skipSpace();
  if (!reader.atEnd()) throw new JsonSyntaxError('trailing characters');
  return node;
}

/** The plain JavaScript value of a node (objects keep key order). */
export function toPlain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const entry of node.entries) out[entry.key] = toPlain(entry.value);
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

class Reader {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  position(): Position {
    return { line: this.line, column: this.offset - this.lineStart + 1 };
  }

  skipSpace(): void {
    const text = this.text;
    while (this.offset < text.length) {
      const c = text.charCodeAt(this.offset);
      if (c === 0x0a) {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
        this.offset++;
      } else {
        return;
      }
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('nesting too deep');
    const c = this.text[this.offset];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      const start = this.position();
      const value = this.string();
      return { type: 'string', value, start, end: this.endPosition() };
    }
    if (c === 't' || c === 'f' || c === 'n') return this.literal();
    return this.number();
  }

  /** The position of the last character consumed (inclusive end, as IAM reports it). */
  private endPosition(): Position {
    return { line: this.line, column: this.offset - this.lineStart };
  }

  private expect(char: string): void {
    if (this.text[this.offset] !== char) throw new JsonSyntaxError(`expected ${char} at ${this.offset}`);
    this.offset++;
  }

  private object(depth: number): JsonNode {
    const start = this.position();
    this.expect('{');
    const entries: JsonEntry[] = [];
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return { type: 'object', entries, start, end: this.endPosition() };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') throw new JsonSyntaxError(`expected a key at ${this.offset}`);
      const key = this.string();
      if (seen.has(key)) throw new JsonSyntaxError(`duplicate key ${key}`);
      seen.add(key);
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      entries.push({ key, value: this.value(depth + 1) });
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === '}') return { type: 'object', entries, start, end: this.endPosition() };
      if (next !== ',') throw new JsonSyntaxError(`expected , or } at ${this.offset - 1}`);
    }
  }

  private array(depth: number): JsonNode {
    const start = this.position();
    this.expect('[');
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return { type: 'array', items, start, end: this.endPosition() };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === ']') return { type: 'array', items, start, end: this.endPosition() };
      if (next !== ',') throw new JsonSyntaxError(`expected , or ] at ${this.offset - 1}`);
    }
  }

  private string(): string {
    this.expect('"');
    const text = this.text;
    let out = '';
    let runStart = this.offset;
    for (;;) {
      if (this.offset >= text.length) throw new JsonSyntaxError('unterminated string');
      const c = text.charCodeAt(this.offset);
      if (c === 0x22) {
        out += text.slice(runStart, this.offset);
        this.offset++;
        return out;
      }
      if (c < 0x20) throw new JsonSyntaxError('control character in string');
      if (c !== 0x5c) {
        this.offset++;
        continue;
      }
      out += text.slice(runStart, this.offset);
      const escape = text[this.offset + 1];
      this.offset += 2;
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out += escape;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(this.offset, this.offset + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.offset += 4;
          break;
        }
        default:
          throw new JsonSyntaxError('bad escape');
      }
      runStart = this.offset;
    }
  }

  private literal(): JsonNode {
    const start = this.position();
    for (const [word, node] of [
      ['true', { type: 'boolean', value: true }],
      ['false', { type: 'boolean', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return { ...node, start, end: this.endPosition() } as JsonNode;
      }
    }
    throw new JsonSyntaxError(`unexpected character at ${this.offset}`);
  }

  private number(): JsonNode {
    const start = this.position();
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.offset, this.offset + 400));
    if (!match) throw new JsonSyntaxError(`unexpected character at ${this.offset}`);
    const raw = match[0];
    this.offset += raw.length;
    return { type: 'number', value: Number(raw), raw, start, end: this.endPosition() };
  }
}
