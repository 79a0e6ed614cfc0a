/** Numeric* operators: integer or decimal comparison; an unparsable number never matches. */
import { comparisonFamily, type Comparisons } from './family.js';

const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** The number in a policy or request value, or undefined when it is not one. */
export function toNumber(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !NUMBER.test(value.trim())) return undefined;
  return Number(value.trim());
}

const COMPARE: Comparisons = {
  NumericEquals: (a, e) => a === e,
  NumericLessThan: (a, e) => a < e,
  NumericLessThanEquals: (a, e) => a <= e,
  NumericGreaterThan: (a, e) => a > e,
  NumericGreaterThanEquals: (a, e) => a >= e,
};

export const numericFamily = comparisonFamily(COMPARE, toNumber);
