import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SignedHttpRequest } from '../../src/aws/sigv4/index.js';

/**
 * Loads the AWS SigV4 signing test vectors (aws-c-auth tests/aws-signing-test-suite/v4) from
 * ../shared/data relative to the repository root. Test files compile to build/test/aws/, so the
 * repository root is three levels up from here.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SUITE_DIR = resolve(repoRoot, '../shared/data/aws-sigv4-test-suite');

export interface SuiteContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  region: string;
  service: string;
  timestamp: string;
  omit_session_token?: boolean;
}

export interface SuiteCase {
  name: string;
  context: SuiteContext;
  read(file: string): string;
}

export function suiteCases(): SuiteCase[] {
  return readdirSync(SUITE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(SUITE_DIR, entry.name);
      const read = (file: string) => readFileSync(join(dir, file), 'utf8');
      return { name: entry.name, context: JSON.parse(read('context.json')) as SuiteContext, read };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Parses a raw request file: `METHOD target HTTP/1.1`, `Name:value` lines (a line starting with
 * whitespace continues the previous value, kept with its line break), a blank line, the body.
 * The target may contain spaces (get-space-*), so the method is the first word and the version
 * the last.
 */
export function parseRawRequest(text: string): SignedHttpRequest {
  const headerEnd = text.indexOf('\n\n');
  const head = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const body = headerEnd === -1 ? '' : text.slice(headerEnd + 2);
  const [requestLine, ...headerLines] = head.split('\n');
  const firstSpace = requestLine!.indexOf(' ');
  const lastSpace = requestLine!.lastIndexOf(' ');
  const method = requestLine!.slice(0, firstSpace);
  const target = requestLine!.slice(firstSpace + 1, lastSpace);
  const question = target.indexOf('?');
  const headers: [string, string][] = [];
  for (const line of headerLines) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1]![1] += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return {
    method,
    path: question === -1 ? target : target.slice(0, question),
    query: question === -1 ? '' : target.slice(question + 1),
    headers,
    body: Buffer.from(body, 'utf8'),
  };
}
