/**
 * `<dir>/issuer.json`: the issuer URL a running issuer serves as `iss`. Recorded when the issuer
 * starts so that `trustbridge token` / `run` in another process mint tokens whose `iss` matches
 * the discovery document without repeating `--url`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { InvalidInputError } from '../errors.js';

const SETTINGS_FILE = 'issuer.json';

interface IssuerSettings {
  url: string;
}

/** GitLab's validator concatenates `iss + "/.well-known/…"`, so the URL must not end in `/`. */
export function normaliseIssuerUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new InvalidInputError(`issuer URL must be http(s): ${url}`);
  if (parsed.search !== '' || parsed.hash !== '') throw new InvalidInputError(`issuer URL must not have a query or fragment: ${url}`);
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

export function recordIssuerUrl(dir: string, url: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const settings: IssuerSettings = { url };
  writeFileAtomic(join(dir, SETTINGS_FILE), JSON.stringify(settings, null, 2) + '\n', 0o644);
}

export function recordedIssuerUrl(dir: string): string | undefined {
  const path = join(dir, SETTINGS_FILE);
  if (!existsSync(path)) return undefined;
  const settings = JSON.parse(readFileSync(path, 'utf8')) as Partial<IssuerSettings>;
  return typeof settings.url === 'string' ? settings.url : undefined;
}
