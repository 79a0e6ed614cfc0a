/**
 * Null: "true" asks for the key to be absent, "false" for it to be present (a key holding an
 * empty list counts as absent). Several values are ORed like any other operator's.
 */
import type { ContextValue } from '../types.js';

export function compileNull(values: readonly string[]): (value: ContextValue | undefined) => boolean {
  const wantAbsent = values.some((v) => v.toLowerCase() === 'true');
  const wantPresent = values.some((v) => v.toLowerCase() === 'false');
  return (value) => {
    const absent = value === undefined || (Array.isArray(value) && value.length === 0);
    return absent ? wantAbsent : wantPresent;
  };
}
