/**
 * CreateRole and UpdateAssumeRolePolicy accept risky trust policies exactly as AWS does, and
 * leave a warning in the decision log; the decision log is readable through the admin
 * extension actions registered in the IAM table.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import { sqliteBackend } from '../store/backends.js';
import { ACCOUNT, iamHarness } from './harness.js';

const backend = sqliteBackend();
after(() => backend.cleanup());

function trust(operator: string, subject: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { [operator]: { 'gitlab.example.com:sub': subject } },
    }],
  });
}

test('a wildcard under StringEquals is accepted on the wire and warned about in the decision log', async () => {
  const store = await openStore(backend.freshUrl(), MasterKey.ephemeral());
  try {
    const iam = iamHarness(store);
    const created = await iam.call('CreateRole', { RoleName: 'risky', AssumeRolePolicyDocument: trust('StringEquals', 'project_path:g/p:ref_type:branch:ref:*') });
    assert.equal((created?.Role as { RoleName: string }).RoleName, 'risky');
    await iam.call('UpdateAssumeRolePolicy', { RoleName: 'risky', PolicyDocument: trust('StringLike', 'project_path:g/*') });
    await iam.call('CreateRole', { RoleName: 'tight', AssumeRolePolicyDocument: trust('StringEquals', 'project_path:g/p:ref_type:branch:ref:main') });

    const warnings = await store.listDecisions({ accountId: ACCOUNT });
    assert.deepEqual(warnings.map((w) => w.action).sort(), ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy']);
    assert.ok(warnings.every((w) => w.roleArn === `arn:aws:iam::${ACCOUNT}:role/risky` && w.decision === 'allowed'));
    assert.match(warnings.find((w) => w.action === 'iam:CreateRole')?.reason ?? '', /wildcard-in-string-equals/);

    const listed = await iam.call('ListTrustbridgeDecisions', {});
    assert.ok(JSON.stringify(listed).includes('wildcard-in-string-equals'));
  } finally {
    await store.close();
  }
});
