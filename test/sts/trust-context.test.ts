/**
 * The request context a trust policy sees
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrustContext, claimKey, conditionKeyPrefix } from '../../src/sts/trust-context.js';
import { ISSUER, NOW, PROVIDER_ARN } from './fixtures.js';

const base = { provider: { url: ISSUER, arn: PROVIDER_ARN }, sessionName: 'ci-job', sourceIp: '192.0.2.10', now: NOW, tags: undefined, sourceIdentity: undefined };

test('provider prefix: URL without https://, path and port kept', () => {
  assert.equal(conditionKeyPrefix('https://gitlab.example.com'), 'gitlab.example.com');
  assert.equal(conditionKeyPrefix('https://localhost:8443'), 'localhost:8443');
  assert.equal(conditionKeyPrefix('https://auth-dev.mozilla.auth0.com/'), 'auth-dev.mozilla.auth0.com/');
});

test('AWS keys, GitLab claims as extension keys, and the global keys', () => {
  const context = buildTrustContext({ ...base, audience: ISSUER, claims: { sub: 'project_path:g/p:ref_type:branch:ref:main', aud: ISSUER, project_path: 'g/p', runner_id: 7, ref_protected: 'true', groups_direct: ['g'], user_access_level: null } });
  assert.deepEqual(context, {
    'gitlab.example.com:sub': 'project_path:g/p:ref_type:branch:ref:main',
    'gitlab.example.com:aud': ISSUER,
    'gitlab.example.com:project_path': 'g/p',
    'gitlab.example.com:runner_id': 7,
    'gitlab.example.com:ref_protected': 'true',
    'aws:CurrentTime': '2026-03-01T12:00:00Z',
    'aws:EpochTime': 1772366400,
    'aws:SourceIp': '192.0.2.10',
    'aws:FederatedProvider': PROVIDER_ARN,
    'sts:RoleSessionName': 'ci-job',
  });
});

test('with azp, :aud is the matched azp and :oaud the original aud; a token cannot forge :oaud or :aud', () => {
  const withAzp = buildTrustContext({ ...base, audience: 'client-1', claims: { sub: 's', aud: ['a', 'b'], azp: 'client-1', amr: ['pwd', 'mfa'] } });
  assert.equal(withAzp['gitlab.example.com:aud'], 'client-1');
  assert.equal(withAzp['gitlab.example.com:azp'], 'client-1');
  assert.deepEqual(withAzp['gitlab.example.com:oaud'], ['a', 'b']);
  assert.deepEqual(withAzp['gitlab.example.com:amr'], ['pwd', 'mfa']);
  const forged = buildTrustContext({ ...base, audience: 'real', claims: { sub: 's', aud: ['real', 'other'], oaud: 'fake' } });
  assert.equal(forged['gitlab.example.com:aud'], 'real');
  assert.equal(forged['gitlab.example.com:oaud'], undefined);
});

test('session tags and source identity become request keys', () => {
  const context = buildTrustContext({ ...base, audience: ISSUER, claims: { sub: 's' }, sourceIdentity: 'alice', tags: { tags: [{ key: 'Project', value: 'A' }, { key: 'Team', value: 'B' }], transitiveTagKeys: ['Project'] } });
  assert.equal(context['aws:RequestTag/Project'], 'A');
  assert.deepEqual(context['aws:TagKeys'], ['Project', 'Team']);
  assert.deepEqual(context['sts:TransitiveTagKeys'], ['Project']);
  assert.equal(context['sts:SourceIdentity'], 'alice');
});

test('claim keys are made once per provider and claim, and are still right past the bound', () => {
  assert.equal(claimKey('gitlab.example.com', 'project_path'), 'gitlab.example.com:project_path');
  assert.equal(claimKey('gitlab.example.com', 'project_path'), claimKey('gitlab.example.com', 'project_path'));
  // Claim names come from tokens: past the bound a key is made each time, never wrong.
  for (let i = 0; i < 300; i++) assert.equal(claimKey('many.example.com', `claim_${i}`), `many.example.com:claim_${i}`);
  for (let i = 0; i < 100; i++) assert.equal(claimKey(`host-${i}.example.com`, 'sub'), `host-${i}.example.com:sub`);
});
