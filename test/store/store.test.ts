/**
 * The Store contract, run unchanged against SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MasterKey } from '../../src/store/master-key.js';
import type { MasterKeyMismatchError } from '../../src/store/master-key-check.js';
import { openStore } from '../../src/store/open.js';
import type { DecisionRecord, OidcProviderRecord, RoleRecord } from '../../src/store/records.js';
import { UniqueViolation, type Store } from '../../src/store/store.js';
import { LOCAL_ACCOUNT as ACCOUNT } from '../support/accounts.js';
import { allBackends, freshStore } from './backends.js';

const T0 = new Date('2026-01-02T03:04:05.000Z');

function provider(url: string, extra: Partial<OidcProviderRecord> = {}): OidcProviderRecord {
  return {
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${url.slice('https://'.length)}`,
    url,
    clientIds: ['sts.amazonaws.com', 'https://gitlab.example.com'],
    thumbprints: ['a'.repeat(40)],
    tags: [{ key: 'team', value: 'platform' }],
    createdAt: T0,
    staticJwks: null,
    ...extra,
  };
}

function role(name: string, extra: Partial<RoleRecord> = {}): RoleRecord {
  const path = extra.path ?? '/';
  return {
    accountId: ACCOUNT,
    roleId: `AROA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    roleName: name,
    path,
    arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
    assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
    description: null,
    maxSessionDuration: 3600,
    permissionsBoundaryArn: null,
    tags: [],
    createdAt: T0,
    ...extra,
  };
}

function decision(id: string, time: string, extra: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id,
    time: new Date(time),
    accountId: ACCOUNT,
    action: 'sts:AssumeRoleWithWebIdentity',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/a`,
    providerArn: null,
    issuer: 'https://gitlab.example.com',
    subject: 'project_path:g/p:ref_type:branch:ref:main',
    sessionName: 's',
    decision: 'allowed',
    errorCode: null,
    reason: 'ok',
    matchedStatement: '0',
    details: { steps: ['a', 'b'] },
    ...extra,
  };
}

for (const backend of allBackends()) {
  describe(`store contract (${backend.name})`, () => {
    after(() => backend.cleanup());

    async function withStore(test: (store: Store) => Promise<void>): Promise<void> {
      const { store } = await freshStore(backend);
      try {
        await test(store);
      } finally {
        await store.close();
      }
    }

    it('accepts a console sign-in link nonce once, and prunes expired ones', () =>
      withStore(async (store) => {
        const now = new Date('2026-12-04T16:00:00Z');
        const expires = new Date(now.getTime() + 600_000);
        assert.equal(await store.useConsoleLinkOnce('n1', expires, now), true);
        assert.equal(await store.useConsoleLinkOnce('n1', expires, now), false);
        const [a, b] = await Promise.all([store.useConsoleLinkOnce('n2', expires, now), store.useConsoleLinkOnce('n2', expires, now)]);
        assert.deepEqual([a, b].sort(), [false, true]);
        // Once expired, the row may go: the link itself is refused by its expiry, not by this record.
        assert.equal(await store.useConsoleLinkOnce('n3', expires, new Date(expires.getTime() + 1)), true);
      }));

    it('keeps OIDC providers with ordered client ids, thumbprints and tags', () =>
      withStore(async (store) => {
        const p = provider('https://gitlab.example.com');
        await store.insertOidcProvider(p);
        assert.deepEqual(await store.getOidcProvider(p.arn), p);
        assert.deepEqual(await store.findOidcProviderByUrl(ACCOUNT, 'https://gitlab.example.com'), p);
        // STS matches `iss` exactly: a trailing slash or another case is another provider.
        assert.equal(await store.findOidcProviderByUrl(ACCOUNT, 'https://gitlab.example.com/'), undefined);
        assert.equal(await store.findOidcProviderByUrl(ACCOUNT, 'https://GITLAB.example.com'), undefined);
        assert.equal(await store.findOidcProviderByUrl('111111111111', 'https://gitlab.example.com'), undefined);
        await assert.rejects(store.insertOidcProvider(p), UniqueViolation);

        const changed = { ...p, clientIds: ['x'], thumbprints: [], tags: [], staticJwks: '{"keys":[]}' };
        await store.saveOidcProvider(changed);
        assert.deepEqual(await store.getOidcProvider(p.arn), changed);
        assert.equal(await store.countOidcProviders(ACCOUNT), 1);
        assert.deepEqual((await store.listOidcProviders(ACCOUNT)).map((x) => x.arn), [p.arn]);
        assert.equal(await store.deleteOidcProvider(p.arn), true);
        assert.equal(await store.deleteOidcProvider(p.arn), false);
        assert.equal(await store.getOidcProvider(p.arn), undefined);
      }));

    it('keeps roles, unique by name regardless of case', () =>
      withStore(async (store) => {
        const r = role('Deploy', { tags: [{ key: 'b', value: '2' }, { key: 'a', value: '' }], description: 'd' });
        await store.insertRole(r);
        assert.deepEqual(await store.getRole(ACCOUNT, 'deploy'), r);
        assert.deepEqual(await store.getRoleByArn(r.arn), r);
        await assert.rejects(store.insertRole(role('DEPLOY', { roleId: 'AROAOTHER0000000000X' })), UniqueViolation);
        await store.insertRole(role('ci', { path: '/ci/' }));
        assert.deepEqual((await store.listRoles(ACCOUNT)).map((x) => x.roleName), ['ci', 'Deploy']);
        assert.deepEqual((await store.listRoles(ACCOUNT, '/ci/')).map((x) => x.roleName), ['ci']);
        assert.equal(await store.countRoles(ACCOUNT), 2);
        const updated = { ...r, maxSessionDuration: 7200, tags: [], assumeRolePolicyDocument: '{}' };
        await store.saveRole(updated);
        assert.deepEqual(await store.getRole(ACCOUNT, 'Deploy'), updated);
        await store.saveRole(r);
        assert.equal(await store.deleteRole(r.roleId), true);
        assert.equal(await store.getRole(ACCOUNT, 'Deploy'), undefined);
        // Its tags went with it (ON DELETE CASCADE): a new role with the same id starts bare.
        await store.insertRole({ ...r, tags: [] });
        assert.deepEqual((await store.getRole(ACCOUNT, 'Deploy'))?.tags, []);
      }));

    it('keeps inline and managed policies and what is attached where', () =>
      withStore(async (store) => {
        const r = role('app');
        await store.insertRole(r);
        await store.putRolePolicy({ roleId: r.roleId, policyName: 'zeta', document: '{"z":1}' });
        await store.putRolePolicy({ roleId: r.roleId, policyName: 'alpha', document: '{"a":1}' });
        await store.putRolePolicy({ roleId: r.roleId, policyName: 'alpha', document: '{"a":2}' });
        assert.deepEqual((await store.listRolePolicies(r.roleId)).map((p) => [p.policyName, p.document]), [
          ['alpha', '{"a":2}'],
          ['zeta', '{"z":1}'],
        ]);

        const arn = `arn:aws:iam::${ACCOUNT}:policy/team/read`;
        await store.insertManagedPolicy(
          {
            accountId: ACCOUNT, arn, policyId: 'ANPAXXXXXXXXXXXXXXXXX', policyName: 'read', path: '/team/',
            description: null, defaultVersionId: 'v1', latestVersionNumber: 1, tags: [], createdAt: T0, updatedAt: T0,
          },
          { policyArn: arn, versionId: 'v1', document: '{"v":1}', createdAt: T0 },
        );
        await store.insertPolicyVersion({ policyArn: arn, versionId: 'v2', document: '{"v":2}', createdAt: T0 });
        await store.insertPolicyVersion({ policyArn: arn, versionId: 'v10', document: '{"v":10}', createdAt: T0 });
        assert.deepEqual((await store.listPolicyVersions(arn)).map((v) => v.versionId), ['v10', 'v2', 'v1']);
        assert.equal(await store.getManagedPolicyDocument(arn), '{"v":1}');

        await store.attachRolePolicy(r.roleId, arn);
        await store.attachRolePolicy(r.roleId, arn);
        assert.deepEqual(await store.getManagedPolicyUsage(arn), { attachmentCount: 1, permissionsBoundaryUsageCount: 0 });
        assert.deepEqual(await store.listAttachedRolePolicies(r.roleId), [{ policyName: 'read', policyArn: arn, path: '/team/' }]);
        assert.deepEqual((await store.listManagedPolicies(ACCOUNT, { onlyAttached: true })).map((p) => p.arn), [arn]);
        assert.deepEqual(await store.listRolePolicyDocuments(ACCOUNT, 'APP'), [
          { id: 'alpha', type: 'role', name: 'alpha', document: '{"a":2}' },
          { id: 'zeta', type: 'role', name: 'zeta', document: '{"z":1}' },
          { id: arn, type: 'user-managed', name: 'read', document: '{"v":1}' },
        ]);

        // The schema itself refuses to orphan policies: IAM checks first, this is the backstop.
        await assert.rejects(store.deleteRole(r.roleId));
        await assert.rejects(store.deleteManagedPolicy(arn));
        assert.ok(await store.getRole(ACCOUNT, 'app'));

        assert.equal(await store.detachRolePolicy(r.roleId, arn), true);
        assert.equal(await store.detachRolePolicy(r.roleId, arn), false);
        assert.equal(await store.deleteManagedPolicy(arn), true);
        assert.deepEqual(await store.listPolicyVersions(arn), []);
      }));

    it('rolls a failed transaction back completely', () =>
      withStore(async (store) => {
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insertRole(role('half', { tags: [{ key: 'k', value: 'v' }] }));
            await tx.insertOidcProvider(provider('https://half.example.com'));
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(await store.getRole(ACCOUNT, 'half'), undefined);
        assert.equal(await store.countOidcProviders(ACCOUNT), 0);
      }));

    it('keeps admin keys encrypted under the master key', async () => {
      const masterKey = MasterKey.ephemeral();
      const { store, url } = await freshStore(backend, masterKey);
      const key = await store.createAccessKey(ACCOUNT);
      await store.close();
      assert.match(key.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(key.secretAccessKey.length, 40);

      const reopened = await openStore(url, masterKey);
      try {
        assert.deepEqual(await reopened.findAccessKey(key.accessKeyId), key);
        assert.equal(await reopened.findAccessKey('AKIANOTAKEY000000000'), undefined);
        assert.deepEqual((await reopened.listAccessKeys(ACCOUNT)).map((k) => k.accessKeyId), [key.accessKeyId]);
      } finally {
        await reopened.close();
      }
      // Another master key cannot open the store at all: a copied database alone reveals nothing,
      // and the node is told why (issue 10, finding 9).
      await assert.rejects(openStore(url, MasterKey.ephemeral()), (err: Error) => {
        assert.equal((err as MasterKeyMismatchError).code, 'ERR_TRUSTBRIDGE_MASTER_KEY_MISMATCH');
        assert.match(err.message, /the master key does not match the store/);
        return true;
      });
    });

    it('logs decisions and filters them', () =>
      withStore(async (store) => {
        await store.recordDecision(decision('d1', '2026-01-01T00:00:00.000Z'));
        await store.recordDecision(decision('d2', '2026-01-02T00:00:00.000Z', { decision: 'denied', errorCode: 'AccessDenied' }));
        await store.recordDecision(decision('d3', '2026-01-03T00:00:00.000Z', { roleArn: `arn:aws:iam::${ACCOUNT}:role/b` }));
        assert.deepEqual((await store.listDecisions({})).map((d) => d.id), ['d3', 'd2', 'd1']);
        assert.deepEqual((await store.listDecisions({ deniedOnly: true })).map((d) => d.id), ['d2']);
        assert.deepEqual((await store.listDecisions({ roleArn: `arn:aws:iam::${ACCOUNT}:role/b` })).map((d) => d.id), ['d3']);
        assert.deepEqual((await store.listDecisions({ since: new Date('2026-01-02T00:00:00.000Z') })).map((d) => d.id), ['d3', 'd2']);
        assert.deepEqual((await store.listDecisions({ limit: 1 })).map((d) => d.id), ['d3']);
        assert.deepEqual(await store.getDecision('d2'), decision('d2', '2026-01-02T00:00:00.000Z', { decision: 'denied', errorCode: 'AccessDenied' }));
        assert.equal(await store.getDecision('nope'), undefined);
      }));

    // The group-commit writer's batches (on an SQLite file, through the writer thread): more rows
    // than one INSERT takes, all findable; a batch with a bad row is written not at all.
    it('appends decision batches whole, or not at all', () =>
      withStore(async (store) => {
        const batch = Array.from({ length: 1203 }, (_, i) => decision(`b${i}`, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
        await store.appendDecisions(batch);
        assert.equal((await store.listDecisions({ limit: 10_000 })).length, 1203);
        assert.deepEqual(await store.getDecision('b1202'), batch[1202]);
        const clash = [decision('fresh', '2026-02-01T00:00:00.000Z'), decision('b7', '2026-02-01T00:00:00.000Z')];
        await assert.rejects(store.appendDecisions(clash));
        assert.equal(await store.getDecision('fresh'), undefined);
        await store.appendDecisions([]);
        // The writer's own batches, in the store's own form (rows packed off the heap on an SQLite file).
        const own = store.newDecisionBatch();
        const unicode = decision('packed', '2026-03-01T00:00:00.000Z', { subject: 'project_path:grüppe/😀:ref_type:branch:ref:main', reason: 'a reason with "quotes"' });
        own.add(unicode);
        assert.equal(own.size, 1);
        await store.appendDecisionBatch(own);
        assert.deepEqual(await store.getDecision('packed'), unicode);
        // The next batch is packed into the buffer the writer thread gave back: only its own rows are written.
        const next = store.newDecisionBatch();
        const second = decision('packed-2', '2026-03-01T00:00:01.000Z');
        next.add(second);
        await store.appendDecisionBatch(next);
        assert.deepEqual(await store.getDecision('packed-2'), second);
        assert.equal((await store.listDecisions({ since: new Date('2026-03-01T00:00:00.000Z') })).length, 2);
        await assert.rejects(store.appendDecisionBatch({ size: 0, add: () => undefined }), /newDecisionBatch/);
      }));

    it('survives reopening, and migrating twice is a no-op', async () => {
      const masterKey = MasterKey.ephemeral();
      const { store, url } = await freshStore(backend, masterKey);
      await store.insertRole(role('kept'));
      await store.insertOidcProvider(provider('https://kept.example.com'));
      await store.close();
      const again = await openStore(url, masterKey);
      try {
        assert.equal((await again.getRole(ACCOUNT, 'kept'))?.roleName, 'kept');
        assert.equal((await again.findOidcProviderByUrl(ACCOUNT, 'https://kept.example.com'))?.clientIds.length, 2);
      } finally {
        await again.close();
      }
    });
  });
}

describe('store URLs', () => {
  it('refuses an unknown scheme', async () => {
    await assert.rejects(openStore('mysql://x', MasterKey.ephemeral()), /unsupported store URL/);
  });
});
