/**
 * The check pipeline (src/aws/check-pipeline.ts): one list of checks, run to the first failure
 * by a service and run whole by a diagnosis; a pass's words are put together only when read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCheck, runAll, runToFirstFailure, type Check } from '../../src/aws/check-pipeline.js';
import { AwsError } from '../../src/aws/error.js';

interface Facts {
  input: string;
  length: number;
  upper: string;
  shout: string;
}

function checks(described: string[]): Array<Check<Facts, undefined>> {
  return [
    defineCheck<Facts, undefined, 'input', 'length'>({
      name: 'length',
      needs: ['input'],
      run: ({ input }) => {
        if (input.length > 5) throw new AwsError('ValidationError', 'too long', 400);
        return { length: input.length };
      },
      describe: ({ length }) => {
        described.push('length');
        return `${length} characters`;
      },
    }),
    // Silent: shown only when it fails.
    defineCheck<Facts, undefined, 'input', 'upper'>({ name: 'upper', needs: ['input'], run: ({ input }) => ({ upper: input.toUpperCase() }) }),
    defineCheck<Facts, undefined, 'length' | 'upper', 'shout'>({
      name: 'shout',
      needs: ['length', 'upper'],
      run: async ({ upper }) => ({ shout: `${upper}!` }),
      describe: ({ shout }, { length }) => {
        described.push('shout');
        return `${shout} from ${length} characters`;
      },
      logDetail: ({ shout }) => shout,
    }),
  ];
}

test('a pass is described only when its words are read, and only once', async () => {
  const described: string[] = [];
  const run = await runToFirstFailure(checks(described), { input: 'abc' }, undefined);
  assert.equal(run.failure, undefined);
  assert.deepEqual(run.facts, Object.assign(Object.create(null) as object, { input: 'abc', length: 3, upper: 'ABC', shout: 'ABC!' }));
  // The silent check is left out; the log's words are there without describing anything.
  assert.deepEqual(run.results.map((r) => r.name), ['length', 'shout']);
  assert.deepEqual(run.results.map((r) => (r.status === 'passed' ? r.logDetail : undefined)), [undefined, 'ABC!']);
  assert.deepEqual(described, []);
  const words = (): string[] => run.results.map((r) => (r.status === 'passed' ? r.detail : ''));
  assert.deepEqual(words(), ['3 characters', 'ABC! from 3 characters']);
  assert.deepEqual(words(), ['3 characters', 'ABC! from 3 characters']);
  assert.deepEqual(described, ['length', 'shout']);
});

test('run to the first failure stops there; runAll reports what could not run and why', async () => {
  const first = await runToFirstFailure(checks([]), { input: 'too long' }, undefined);
  assert.equal(first.failure?.name, 'length');
  assert.equal(first.failure?.error.code, 'ValidationError');
  assert.deepEqual(first.results.map((r) => [r.name, r.status]), [['length', 'failed']]);

  const all = await runAll(checks([]), { input: 'too long' }, undefined, { length: 'the input is too long to measure' });
  assert.deepEqual(all.results.map((r) => [r.name, r.status, r.status === 'failed' ? r.error.message : r.detail]), [
    ['length', 'failed', 'too long'],
    ['shout', 'skipped', 'the input is too long to measure'],
  ]);
  // The silent check still ran: it needs only the input.
  assert.equal(all.facts.upper, 'TOO LONG');
});
