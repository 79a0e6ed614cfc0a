/**
 * What each operator family file provides: given a (positive) base operator and the policy's
 * values, a test that is true when one request value matches at least one policy value.
 * Negation, missing keys, IfExists and the set qualifiers are applied generically in index.ts.
 */
import type { ContextScalar } from '../types.js';

export type ValueTest = (actual: ContextScalar) => boolean;

export interface OperatorFamily {
  /** The positive base operators this family implements. */
  readonly operators: readonly string[];
  /** Whether policy variables are substituted in the values (String and Arn only). */
  readonly variables: boolean;
  /** Whether `*` and `?` in values are wildcards (substituted text must stay literal). */
  readonly glob: (base: string) => boolean;
  compile(base: string, values: readonly string[]): ValueTest;
}

export const never: ValueTest = () => false;

export type Comparisons = Readonly<Record<string, (actual: number, expected: number) => boolean>>;

/** A family that parses values to numbers and compares them (Numeric*, Date*). */
export function comparisonFamily(
  compare: Comparisons,
  parse: (value: ContextScalar) => number | undefined,
): OperatorFamily {
  return {
    operators: Object.keys(compare),
    variables: false,
    glob: () => false,
    compile(base, values): ValueTest {
      const test = compare[base];
      const expected = values.map(parse).filter((n): n is number => n !== undefined);
      if (!test || expected.length === 0) return never;
      return (actual) => {
        const n = parse(actual);
        return n !== undefined && expected.some((e) => test(n, e));
      };
    },
  };
}
