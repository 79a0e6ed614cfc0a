/**
 * Finding 1 (issue 10): a session sealed for role R must not inherit the rights of another role
 * later created under the same name. AWS binds a role session to the role's unique id (AROA…,
 * the UserId GetCallerIdentity shows): "If you delete a role and then create a new role with the
 * same name, the new role has a different unique ID, and sessions of the old one get no access"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRoleId } from '../../src/aws/ids.js';
import type { Caller } from '../../src/aws/service.js';
import { createAuthorizer } from '../../src/stack/authorizer.js';
import { MasterKey } from '../../src/store/master-key.js';
import { openStore } from '../../src/store/open.js';
import type { RoleRecord } from '../../src/store/records.js';
import { QueryParams } from '../../src/aws/query-params.js';
import { ACCOUNT } from '../support/accounts.js';

const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

function role(roleId: string): RoleRecord {
  return {
    accountId: ACCOUNT,
    roleId,
    roleName: 'R',
    path: '/',
    arn: `arn:aws:iam::${ACCOUNT}:role/R`,
    assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
    description: null,
    maxSessionDuration: 3600,
    permissionsBoundaryArn: null,
    tags: [],
    createdAt: new Date(),
  };
}

function sessionOf(roleId: string): Caller {
  return {
    kind: 'assumed-role',
    accountId: ACCOUNT,
    accessKeyId: 'ASIAQEAAAAAAAAAAAAAC',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/R/s`,
    userId: `${roleId}:s`,
    roleName: 'R',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
    sessionName: 's',
    sessionPolicies: [],
    expiresAt: new Date(Date.now() + 3600_000),
  };
}

test('a session of a deleted role gets nothing from a new role of the same name', async () => {
  const store = await openStore('sqlite::memory:', MasterKey.ephemeral());
  try {
    const oldId = newRoleId(ACCOUNT);
    await store.insertRole(role(oldId));
    const stale = sessionOf(oldId);
    await store.deleteRole(oldId);
    const newId = newRoleId(ACCOUNT);
    await store.insertRole(role(newId));
    await store.putRolePolicy({ roleId: newId, policyName: 'all', document: ALLOW_ALL });

    const authorize = createAuthorizer(store);
    const iam = { name: 'iam' } as Parameters<typeof authorize>[1];
    const ctx = { now: new Date(), sourceIp: '127.0.0.1' } as Parameters<typeof authorize>[4];
    const params = new QueryParams(new Map());
    await assert.rejects(authorize(stale, iam, 'ListRoles', params, ctx), (err: { code?: string }) => err.code === 'AccessDenied');
    // The new role's own sessions are authorised by its policy as before.
    await authorize(sessionOf(newId), iam, 'ListRoles', params, ctx);
  } finally {
    await store.close();
  }
});
