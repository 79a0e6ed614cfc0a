/** BinaryEquals: the request's bytes equal the base64 value in the policy, byte for byte. */
import type { OperatorFamily, ValueTest } from './family.js';
import { never } from './family.js';

function decode(value: string): Buffer | undefined {
  const text = value.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, 'base64');
}

export const binaryFamily: OperatorFamily = {
  operators: ['BinaryEquals'],
  variables: false,
  glob: () => false,
  compile(_base, values): ValueTest {
    const expected = values.map(decode).filter((b): b is Buffer => b !== undefined);
    if (expected.length === 0) return never;
    return (actual) => {
      const bytes = typeof actual === 'string' ? decode(actual) : undefined;
      return bytes !== undefined && expected.some((e) => e.equals(bytes));
    };
  },
};
