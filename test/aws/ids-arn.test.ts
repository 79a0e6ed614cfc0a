import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { accountFromKeyId, newAccessKeyId, newPolicyId, newRoleId, newUniqueId } from '../../src/aws/ids.js';
import { assumedRoleArn, formatArn, oidcProviderArn, parseArn, roleArn } from '../../src/aws/arn.js';

test('decodes the accounts of real AWS ids (the scheme moto/iam/utils.py uses)', () => {
  // ASIAUH3H6EGK…/AROAUH3H6EGK… from the salrashid123 capture decode to 291738886548.
  assert.equal(accountFromKeyId('ASIAUH3H6EGKPJAAAAAA'), '291738886548');
  assert.equal(accountFromKeyId('AROAUH3H6EGKDE7GWMPWA'), '291738886548');
  assert.equal(accountFromKeyId('AROA4Q7OQAZYHVKH4GGNZ'), '861104244336');
});

test('generated ids have AWS shapes and carry their account', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 999999999999n }), (n) => {
      const account = n.toString().padStart(12, '0');
      const key = newAccessKeyId(account, 'ASIA');
      assert.match(key, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(accountFromKeyId(key), account);
      assert.match(newAccessKeyId(account, 'AKIA'), /^AKIA[A-Z2-7]{16}$/);
      const role = newRoleId(account);
      assert.match(role, /^AROA[A-Z2-7]{17}$/);
      assert.equal(accountFromKeyId(role), account);
      assert.match(newPolicyId(account), /^ANPA[A-Z2-7]{17}$/);
      assert.equal(accountFromKeyId(newUniqueId(account, 'AIDA')), account);
    }),
    { numRuns: 300 },
  );
});

test('ids are random beyond the account', () => {
  const seen = new Set(Array.from({ length: 200 }, () => newAccessKeyId('000000000000', 'AKIA')));
  assert.equal(seen.size, 200);
});

test('non-ids and bad accounts', () => {
  assert.equal(accountFromKeyId('AKIDEXAMPLE'), undefined);
  assert.equal(accountFromKeyId('asia0000000000000000'), undefined);
  assert.throws(() => newRoleId('12345'));
});

test('parseArn agrees with splitting on every colon and joining the resource back', () => {
  const bySplit = (text: string) => {
    const parts = text.split(':');
    if (parts.length < 6 || parts[0] !== 'arn' || parts[1] === '' || parts[2] === '') return undefined;
    return { partition: parts[1], service: parts[2], region: parts[3], accountId: parts[4], resource: parts.slice(5).join(':') };
  };
  for (const text of ['', 'arn', 'arn:', 'arn:aws', 'arn:aws:iam::1', 'arn:aws:iam::1:', 'arn:aws:iam:::', 'arn:aws:iam::::', 'arn::iam::1:r', 'arn:aws:::1:r',
    'arn:aws:iam::123456789012:role/a:b:c', 'arn:aws:iam:us-east-1:123456789012:role/x', 'xarn:aws:iam::1:r', 'ARN:aws:iam::1:r', 'arn:aws:iam::1:r:']) {
    assert.deepEqual(parseArn(text), bySplit(text), text);
  }
});

test('ARN parse/format, resources with colons and slashes', () => {
  const arn = parseArn('arn:aws:iam::123456789012:oidc-provider/localhost:8443/path');
  assert.deepEqual(arn, { partition: 'aws', service: 'iam', region: '', accountId: '123456789012', resource: 'oidc-provider/localhost:8443/path' });
  assert.equal(formatArn(arn!), 'arn:aws:iam::123456789012:oidc-provider/localhost:8443/path');
  assert.equal(parseArn('nothing-valid-in-here'), undefined);
  assert.equal(parseArn('arn::b:::something/test-role'), undefined);
  assert.equal(roleArn('123456789012', 'ci', '/team/'), 'arn:aws:iam::123456789012:role/team/ci');
  assert.equal(assumedRoleArn('123456789012', 'ci', 's1'), 'arn:aws:sts::123456789012:assumed-role/ci/s1');
  assert.equal(oidcProviderArn('123456789012', 'gitlab.example.com'), 'arn:aws:iam::123456789012:oidc-provider/gitlab.example.com');
});
