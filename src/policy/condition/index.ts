/**
 * Compiles one `Operator: { key: values }` entry into a predicate over the request context,
 * applying the rules that are the same for every family
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 *
 * - values are ORed; under a negated operator the request must match none of them (AND of ≠);
 * - a missing key: false, except negated operators (true), …IfExists (true), ForAllValues
 *   (true) and ForAnyValue (false); Null tests presence itself;
 * - ForAnyValue: some request value matches; ForAllValues: every request value matches (true
 *   for an empty set);
 * - a plain operator on a multivalued value follows EvalState.multivaluedPlain.
 */
import type { ParsedCondition } from '../model.js';
import type { ContextScalar, ContextValue, EvalState } from '../types.js';
import { parseTemplate, resolveTemplate, templateKeys, type Template } from '../variables.js';
import { arnFamily } from './arn.js';
import { binaryFamily } from './binary.js';
import { boolFamily } from './bool.js';
import { dateFamily } from './date.js';
import type { OperatorFamily, ValueTest } from './family.js';
import { ipFamily } from './ip.js';
import { compileNull } from './null.js';
import { numericFamily } from './numeric.js';
import { isNegated, parseOperatorName, type OperatorName } from './operator.js';
import { stringFamily } from './string.js';

const FAMILIES = new Map<string, OperatorFamily>();
for (const family of [stringFamily, numericFamily, dateFamily, boolFamily, binaryFamily, ipFamily, arnFamily]) {
  for (const operator of family.operators) FAMILIES.set(operator, family);
}

export type CompiledCondition = (state: EvalState) => boolean;

export interface ConditionPlan {
  test: CompiledCondition;
  /** Keys read: the condition key as written and any variables in its values (lower-cased). */
  keys: string[];
}

/** The family operator a base delegates to: StringNotLike → StringLike, NotIpAddress → IpAddress. */
function positiveBase(base: string): string {
  return base.replace('Not', '');
}

/**
 * Builds the per-value test. Static values compile once; values with variables (String/Arn
 * families under Version 2012-10-17) compile per evaluation after substitution.
 */
function valueTest(
  family: OperatorFamily,
  base: string,
  values: readonly string[],
  variables: boolean,
): { test: (state: EvalState) => ValueTest | undefined; keys: string[] } {
  const templates: Array<Template | string> = variables && family.variables ? values.map(parseTemplate) : [...values];
  const keys = templates.flatMap(templateKeys);
  if (keys.length === 0 && templates.every((t) => typeof t === 'string')) {
    const compiled = family.compile(base, templates as string[]);
    return { test: () => compiled, keys };
  }
  const glob = family.glob(base);
  return {
    keys,
    test(state) {
      const resolved: string[] = [];
      for (const template of templates) {
        const value = resolveTemplate(template, state.context, glob);
        // An unresolvable variable fails the match (reference_policies_variables.md).
        if (value === undefined) return undefined;
        resolved.push(value);
      }
      return family.compile(base, resolved);
    },
  };
}

/** Compiles one condition; in explain mode each outcome is appended to EvalState.trace. */
export function compileCondition(condition: ParsedCondition, variables: boolean): ConditionPlan {
  const plan = compileUntraced(condition, variables);
  const key = condition.key.toLowerCase();
  const test = plan.test;
  return {
    keys: plan.keys,
    test(state) {
      const result = test(state);
      if (state.trace) {
        const actual = state.context.get(key);
        state.trace.push({
          operator: condition.operator,
          key: condition.key,
          expected: [...condition.values],
          actual: actual === undefined ? null : (Array.isArray(actual) ? actual : [actual]).map(String),
          result,
        });
      }
      return result;
    },
  };
}

function compileUntraced(condition: ParsedCondition, variables: boolean): ConditionPlan {
  const name = parseOperatorName(condition.operator);
  const key = condition.key.toLowerCase();
  // Validation admits unknown operators only with no keys, so this is unreachable for parsed input.
  if (!name) return { test: () => false, keys: [condition.key] };
  if (name.base === 'Null') {
    const test = compileNull(condition.values);
    return { test: (state) => test(state.context.get(key)), keys: [condition.key] };
  }
  const base = positiveBase(name.base);
  const family = FAMILIES.get(base);
  if (!family) return { test: () => false, keys: [condition.key] };
  const { test, keys } = valueTest(family, base, condition.values, variables);
  return { test: decide(name, key, test), keys: [condition.key, ...keys] };
}

function decide(name: OperatorName, key: string, valueTestFor: (state: EvalState) => ValueTest | undefined): CompiledCondition {
  const negated = isNegated(name.base);
  const matchOne = (test: ValueTest, value: ContextScalar): boolean => (negated ? !test(value) : test(value));
  return (state) => {
    const value: ContextValue | undefined = state.context.get(key);
    const list = Array.isArray(value) ? (value as readonly ContextScalar[]) : undefined;
    if (value === undefined || (list !== undefined && list.length === 0 && name.set === null)) {
      if (name.ifExists || name.set === 'ForAllValues') return true;
      if (name.set === 'ForAnyValue') return false;
      return negated;
    }
    const test = valueTestFor(state);
    if (test === undefined) return false;
    if (name.set === 'ForAnyValue') return list ? list.some((v) => matchOne(test, v)) : matchOne(test, value as ContextScalar);
    if (name.set === 'ForAllValues') return list ? list.every((v) => matchOne(test, v)) : matchOne(test, value as ContextScalar);
    if (list === undefined) return matchOne(test, value as ContextScalar);
    if (list.length === 1) return matchOne(test, list[0] as ContextScalar);
    return state.multivaluedPlain === 'anyValue' ? list.some((v) => matchOne(test, v)) : false;
  };
}
