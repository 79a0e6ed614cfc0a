/** ArnEquals and ArnLike (identical in IAM), and their Not forms via index.ts. */
import { anyOf } from '../glob.js';
import { compileArnPattern } from '../arn-pattern.js';
import type { OperatorFamily, ValueTest } from './family.js';

export const arnFamily: OperatorFamily = {
  operators: ['ArnEquals', 'ArnLike'],
  variables: true,
  glob: () => true,
  compile(_base, values): ValueTest {
    const test = anyOf(values.map(compileArnPattern));
    return (actual) => typeof actual === 'string' && test(actual);
  },
};
