/**
 * Condition operator names: `[ForAnyValue:|ForAllValues:]Base[IfExists]`. The base decides the
 * family (one file each in this folder); the prefix and suffix change how missing keys and
 * multivalued context values are treated (see index.ts).
 */

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface OperatorName {
  set: SetQualifier | null;
  base: string;
  ifExists: boolean;
}

/** Every base operator IAM accepts (reference_policies_elements_condition_operators). */
export const BASE_OPERATORS: ReadonlySet<string> = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

/** Splits an operator name; null when the base is not an IAM operator. */
export function parseOperatorName(name: string): OperatorName | null {
  let rest = name;
  let set: SetQualifier | null = null;
  for (const prefix of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(prefix + ':')) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
      break;
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!BASE_OPERATORS.has(rest)) return null;
  // Null checks presence itself, so "NullIfExists" would be meaningless; IAM rejects it.
  if (rest === 'Null' && ifExists) return null;
  return { set, base: rest, ifExists };
}

/** Operators whose several values are ANDed ("none of them") and whose missing key gives true. */
export function isNegated(base: string): boolean {
  return /^(StringNot|NumericNotEquals|DateNotEquals|NotIpAddress|ArnNot)/.test(base);
}
