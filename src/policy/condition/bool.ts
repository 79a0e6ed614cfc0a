/** Bool: compares with "true"/"false", case-insensitively (JSON booleans arrive as their text). */
import type { OperatorFamily, ValueTest } from './family.js';

export const boolFamily: OperatorFamily = {
  operators: ['Bool'],
  variables: true,
  glob: () => false,
  compile(_base, values): ValueTest {
    const expected = new Set(values.map((v) => v.toLowerCase()));
    return (actual) => expected.has(String(actual).toLowerCase());
  },
};
