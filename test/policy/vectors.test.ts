/**
 * Runs the evaluation vectors (test/policy/vectors/): every case cites the AWS page it comes from.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicy, evaluate, type CompiledPolicy, type PolicyKind } from '../../src/policy/index.js';
import { conditionRows, contextKeySpelling, MISSING } from './vectors/conditions.js';
import { requestVectors } from './vectors/requests.js';

const compileAll = (docs: object[] | undefined, kind: PolicyKind, prefix: string): CompiledPolicy[] =>
  (docs ?? []).map((d, i) => compilePolicy(JSON.stringify(d), kind, `${prefix}-${i}`));

describe('condition operator vectors', () => {
  for (const [operator, key, values, actual, applies, source] of conditionRows) {
    const shown = actual === MISSING ? '(missing)' : JSON.stringify(actual);
    it(`${operator} ${key} ${JSON.stringify(values)} vs ${shown} → ${applies} [${source}]`, () => {
      const policy = compilePolicy(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'test:Action', Resource: '*', Condition: { [operator]: { [key]: values } } }],
        }),
        'identity',
      );
      const contextKey = contextKeySpelling[key] ?? key;
      const context = actual === MISSING ? {} : { [contextKey]: actual };
      const result = evaluate({ request: { action: 'test:Action', resource: '*', context }, identityPolicies: [policy] });
      assert.equal(result.decision, applies ? 'allowed' : 'implicitDeny');
    });
  }
});

describe('request vectors', () => {
  for (const v of requestVectors) {
    it(`${v.name} [${v.source}]`, () => {
      const input = {
        request: {
          action: v.request.action,
          resource: v.request.resource ?? '*',
          ...(v.request.principal ? { principal: v.request.principal } : {}),
          context: v.request.context ?? {},
        },
        identityPolicies: compileAll(v.identity, 'identity', 'identity'),
        sessionPolicies: compileAll(v.session, 'session', 'session'),
        permissionsBoundaries: compileAll(v.boundary, 'identity', 'boundary'),
        ...(v.trust ? { trustPolicy: compilePolicy(JSON.stringify(v.trust), 'trust', 'trust') } : {}),
      };
      const result = evaluate(input);
      assert.equal(result.decision, v.expect);
      if (v.missing) assert.deepEqual([...result.missingContextValues].sort(), [...v.missing].sort());
      if (v.matchedSids) assert.deepEqual(result.matchedStatements.map((m) => m.sid).sort(), [...v.matchedSids].sort());
    });
  }
});

it('has at least 300 vectors, each citing its source', () => {
  assert.ok(conditionRows.length + requestVectors.length >= 300, `${conditionRows.length + requestVectors.length} vectors`);
  for (const row of conditionRows) assert.match(row[5], /^https:\/\//);
  for (const v of requestVectors) assert.match(v.source, /^https:\/\//);
});
