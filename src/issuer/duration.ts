/**
 * Durations written the way GitLab accepts a job `timeout:` ("3600", "1h 30m", "2 hours",
 * "1d") — also used for `--rotate-every` and `--ttl`, so one syntax serves every flag.
 */
import { InvalidInputError } from '../errors.js';
const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, wk: 604800, week: 604800, weeks: 604800,
};

/** Returns whole seconds; throws on anything it does not understand (never guesses). */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*(?:and\s*|,\s*)?/y;
  let total = 0;
  let matched = 0;
  part.lastIndex = 0;
  while (part.lastIndex < trimmed.length) {
    const m = part.exec(trimmed);
    if (m === null) break;
    const unit = UNIT_SECONDS[m[2] ?? ''];
    if (unit === undefined) throw new InvalidInputError(`unknown duration unit "${m[2]}" in "${text}"`);
    total += Number(m[1]) * unit;
    matched = part.lastIndex;
  }
  if (matched !== trimmed.length || trimmed.length === 0) throw new InvalidInputError(`cannot read duration "${text}"`);
  return Math.round(total);
}
