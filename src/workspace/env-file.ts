/**
 * `D/env`: the shell file of `export NAME='value'` lines that `up` and `serve` write, so a user
 * can `source .trustbridge/env` and point the real AWS CLI at the stack. Commands also read it
 * back to find the endpoint and the issuer without flags.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Single-quotes a value for POSIX shells ('it'"'"'s'). */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}

export function writeEnvFile(dir: string, vars: Record<string, string>): string {
  const path = join(dir, 'env');
  const lines = Object.entries(vars).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  const temp = `${path}.${process.pid}.tmp`;
  // The file holds an admin secret key: owner-only, written whole or not at all.
  writeFileSync(temp, `# Written by trustbridge. Use: source ${path}\n${lines.join('\n')}\n`, { mode: 0o600 });
  renameSync(temp, path);
  return path;
}

/** Parses the lines `writeEnvFile` writes; returns {} when the file does not exist. */
export function readEnvFile(dir: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(join(dir, 'env'), 'utf8');
  } catch {
    return {};
  }
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Za-z_][A-Za-z0-9_]*)='(.*)'$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) vars[match[1]] = match[2].replaceAll(`'"'"'`, "'");
  }
  return vars;
}
