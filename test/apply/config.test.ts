import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig, yamlPath } from '../../src/apply/config.js';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'f.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected the file to be refused');
}

test('defaults fill in paths, durations, lists and tags; documents may be YAML or a JSON string', () => {
  const config = parseConfig(
    'roles:\n  - name: r\n    trust_policy: \'{"Version":"2012-10-17","Statement":[]}\'\n    inline_policies:\n      p: {Version: "2012-10-17", Statement: []}\n',
    'f.yaml',
  );
  const role = config.roles[0]!;
  assert.equal(role.path, '/');
  assert.equal(role.max_session_duration, 3600);
  assert.deepEqual(role.trust_policy, { Version: '2012-10-17', Statement: [] });
  assert.deepEqual(role.inline_policies.p, { Version: '2012-10-17', Statement: [] });
  assert.deepEqual(config.oidc_providers, []);
});

test('every problem is reported with its YAML path', () => {
  assert.deepEqual(
    problems('roles:\n  - name: a\n    max_session_duration: 60\n  - name: b\n    trust_policy: "{oops"\n    colour: red\noidc_providers:\n  - url: http://x\n    thumbprints: [abc]\n'),
    [
      'oidc_providers[0].url: must be an https:// URL',
      'oidc_providers[0].thumbprints[0]: must be 40 hex digits',
      'roles[0].max_session_duration: Too small: expected number to be >=3600',
      'roles[0].trust_policy: a policy document is required',
      'roles[1].trust_policy: is not valid JSON',
      'roles[1]: Unrecognized key: "colour"',
    ],
  );
});

test('duplicate names and unknown top-level keys are refused', () => {
  const found = problems('roles:\n  - {name: a, trust_policy: {}}\n  - {name: A, trust_policy: {}}\nusers: []\n');
  assert.ok(found.includes('roles[1]: duplicate role name a'), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('(top level): Unrecognized key')), found.join('\n'));
});

test('broken YAML is refused, and __proto__ stays an ordinary key', () => {
  assert.ok(problems('roles: [\n')[0]!.length > 0);
  const config = parseConfig('roles:\n  - name: r\n    trust_policy: {__proto__: {polluted: true}, Version: "2012-10-17"}\n', 'f.yaml');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(config.roles[0]!.trust_policy.Version, '2012-10-17');
});

test('yamlPath renders indexes and keys', () => {
  assert.equal(yamlPath(['roles', 1, 'inline_policies', 's3']), 'roles[1].inline_policies.s3');
  assert.equal(yamlPath([]), '(top level)');
});
