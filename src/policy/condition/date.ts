/**
 * Date* operators. Values are W3C ISO-8601 dates or epoch seconds ("aws:EpochTime accepts the
 * number of seconds since January 1, 1970"); an unparsable date never matches.
 */
import { comparisonFamily, type Comparisons } from './family.js';

/** Milliseconds since the epoch, or undefined. */
export function toEpochMillis(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?[0-9]+$/.test(text)) return Number(text) * 1000;
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?)?$/.test(text)) {
    return undefined;
  }
  // A date-time without a zone is UTC in IAM; JavaScript would read it as local time.
  const zoned = /[Tt].*([Zz]|[+-][0-9]{2}:?[0-9]{2})$/.test(text) || !/[Tt]/.test(text) ? text : text + 'Z';
  const millis = Date.parse(zoned.toUpperCase());
  return Number.isNaN(millis) ? undefined : millis;
}

const COMPARE: Comparisons = {
  DateEquals: (a, e) => a === e,
  DateLessThan: (a, e) => a < e,
  DateLessThanEquals: (a, e) => a <= e,
  DateGreaterThan: (a, e) => a > e,
  DateGreaterThanEquals: (a, e) => a >= e,
};

export const dateFamily = comparisonFamily(COMPARE, toEpochMillis);
