/** Numeric* operators: integer or decimal comparison; an unparsable number never matches. */
import type { OperatorFamily, ValueTest } from './family.js';
import { never } from './family.js';

const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** The number in a policy or request value, or undefined when it is not one. */
export function toNumber(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !NUMBER.test(value.trim())) return undefined;
  return Number(value.trim());
}

const COMPARE: Readonly<Record<string, (actual: number, expected: number) => boolean>> = {
  NumericEquals: (a, e) => a === e,
  NumericLessThan: (a, e) => a < e,
  NumericLessThanEquals: (a, e) => a <= e,
  NumericGreaterThan: (a, e) => a > e,
  NumericGreaterThanEquals: (a, e) => a >= e,
};

export const numericFamily: OperatorFamily = {
  operators: Object.keys(COMPARE),
  variables: false,
  glob: () => false,
  compile(base, values): ValueTest {
    const compare = COMPARE[base];
    const expected = values.map(toNumber).filter((n): n is number => n !== undefined);
    if (!compare || expected.length === 0) return never;
    return (actual) => {
      const n = toNumber(actual);
      return n !== undefined && expected.some((e) => compare(n, e));
    };
  },
};
