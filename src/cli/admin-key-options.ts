/**
 * `serve`/`up`'s fixed admin key options: read from the flags or the environment, checked, and
 * warned about on stderr when the secret is fit only for test set-ups.
 */
import { readGivenAdminKey, weakSecretWarning } from '../stack/admin-key.js';
import type { GivenAccessKey } from '../store/records.js';

export function givenAdminKeyOption(flags: { adminAccessKeyId?: string; adminSecretAccessKey?: string }, warn: boolean): { adminKey?: GivenAccessKey } {
  const given = readGivenAdminKey(flags, process.env);
  if (given === undefined) return {};
  const warning = weakSecretWarning(given);
  if (warn && warning !== undefined) process.stderr.write(`trustbridge: ${warning}\n`);
  return { adminKey: given };
}
