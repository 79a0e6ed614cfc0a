/** StringEquals, StringEqualsIgnoreCase, StringLike (and their Not forms, via index.ts). */
import { anyOf, compileGlob, unmark } from '../glob.js';
import type { OperatorFamily, ValueTest } from './family.js';

export const stringFamily: OperatorFamily = {
  operators: ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'],
  variables: true,
  glob: (base) => base === 'StringLike',
  compile(base, values): ValueTest {
    if (base === 'StringLike') {
      const test = anyOf(values.map((v) => compileGlob(v)));
      return (actual) => test(String(actual));
    }
    if (base === 'StringEqualsIgnoreCase') {
      const expected = new Set(values.map((v) => unmark(v).toLowerCase()));
      return (actual) => expected.has(String(actual).toLowerCase());
    }
    // StringEquals: `*` and `?` are ordinary characters.
    if (values.length === 1) {
      const only = values[0];
      return (actual) => String(actual) === only;
    }
    const expected = new Set(values);
    return (actual) => expected.has(String(actual));
  },
};
