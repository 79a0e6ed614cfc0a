/**
 * The Store on top of Kysely: one implementation for SQLite and PostgreSQL, since every query
 * here is portable (dialect specifics live in sqlite.ts and postgres.ts). A session wraps either
 * the database or an open transaction; multi-step writes called outside a transaction open one
 * themselves, so no caller can leave a record half-written.
 *
 * On SQLite there is a single connection: inside `transaction(work)`, `work` must use the
 * session it is given, never the store itself (that would wait for the connection it holds).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newAccessKeyId } from '../aws/ids.js';
import type { MasterKey } from './master-key.js';
import { instanceProfileRecords, type InstanceProfileStore } from './records/instance-profiles.js';
import type {
  AccessKeyRecord,
  GivenAccessKey,
  AttachedPolicyRecord,
  DecisionQuery,
  DecisionRecord,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  ManagedPolicyUsage,
  OidcProviderRecord,
  PolicyVersionRecord,
  RolePolicyDocument,
  RoleRecord,
  Tag,
} from './records.js';
import type {
  AccessKeysTable,
  Database,
  DecisionsTable,
  ManagedPoliciesTable,
  OidcProvidersTable,
  ProviderValueTableName,
  RolesTable,
  TagTableName,
} from './schema.js';
import {
  UniqueViolation,
  type ManagedPolicyFilter,
  type Store,
  type StoreDialect,
  type StoreSession,
} from './store.js';

type Atomic = <T>(work: (session: KyselySession) => Promise<T>) => Promise<T>;

const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const RETRYABLE_CODES = new Set(['40001', '40P01']);
const MAX_TRANSACTION_ATTEMPTS = 8;
/** Keeps `where … in (…)` lists well under both engines' parameter limits. */
const IN_LIST_CHUNK = 500;

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function translateUnique<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (UNIQUE_CODES.has(errorCode(err) ?? '')) throw new UniqueViolation(message);
    throw err;
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_LIST_CHUNK) out.push(items.slice(i, i + IN_LIST_CHUNK));
  return out;
}

function iso(date: Date): string {
  return date.toISOString();
}

function roleFromRow(row: RolesTable, tags: Tag[]): RoleRecord {
  return {
    accountId: row.account_id,
    roleId: row.role_id,
    roleName: row.role_name,
    path: row.path,
    arn: row.arn,
    assumeRolePolicyDocument: row.trust_policy,
    description: row.description,
    maxSessionDuration: Number(row.max_session_duration),
    permissionsBoundaryArn: row.permissions_boundary_arn,
    tags,
    createdAt: new Date(row.created_at),
  };
}

function policyFromRow(row: ManagedPoliciesTable, tags: Tag[]): ManagedPolicyRecord {
  return {
    accountId: row.account_id,
    arn: row.arn,
    policyId: row.policy_id,
    policyName: row.policy_name,
    path: row.path,
    description: row.description,
    defaultVersionId: row.default_version_id,
    latestVersionNumber: Number(row.latest_version_number),
    tags,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function decisionFromRow(row: DecisionsTable): DecisionRecord {
  return {
    id: row.id,
    time: new Date(row.time),
    accountId: row.account_id,
    action: row.action,
    roleArn: row.role_arn,
    providerArn: row.provider_arn,
    issuer: row.issuer,
    subject: row.subject,
    sessionName: row.session_name,
    decision: row.decision === 'allowed' ? 'allowed' : 'denied',
    errorCode: row.error_code,
    reason: row.reason,
    matchedStatement: row.matched_statement,
    details: JSON.parse(row.details) as unknown,
  };
}

function versionNumber(versionId: string): number {
  return Number(versionId.slice(1));
}

// The record modules in records/ are mixed into the session: their methods are its own.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface KyselySession extends InstanceProfileStore {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class KyselySession implements StoreSession {
  constructor(
    protected readonly db: Kysely<Database>,
    private readonly masterKey: MasterKey,
    private readonly runAtomic: Atomic,
  ) {
    Object.assign(this, instanceProfileRecords(db));
  }

  /** Runs `work` in the current transaction, or in a new one when there is none. */
  private atomic<T>(work: (session: KyselySession) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this) : this.runAtomic(work);
  }

  // --- child rows shared by several records -----------------------------------------------

  private async tagsOf(table: TagTableName, owners: string[]): Promise<Map<string, Tag[]>> {
    const byOwner = new Map<string, Tag[]>(owners.map((o) => [o, []]));
    for (const part of chunks(owners)) {
      const rows = await this.db.selectFrom(table).selectAll().where('owner', 'in', part).orderBy('position').execute();
      for (const row of rows) byOwner.get(row.owner)?.push({ key: row.tag_key, value: row.tag_value });
    }
    return byOwner;
  }

  private async writeTags(table: TagTableName, owner: string, tags: Tag[]): Promise<void> {
    await this.db.deleteFrom(table).where('owner', '=', owner).execute();
    if (tags.length === 0) return;
    await this.db
      .insertInto(table)
      .values(tags.map((t, position) => ({ owner, position, tag_key: t.key, tag_value: t.value })))
      .execute();
  }

  private async providerValues(table: ProviderValueTableName, arns: string[]): Promise<Map<string, string[]>> {
    const byArn = new Map<string, string[]>(arns.map((a) => [a, []]));
    for (const part of chunks(arns)) {
      const rows = await this.db.selectFrom(table).selectAll().where('provider_arn', 'in', part).orderBy('position').execute();
      for (const row of rows) byArn.get(row.provider_arn)?.push(row.value);
    }
    return byArn;
  }

  private async writeProviderValues(table: ProviderValueTableName, arn: string, values: string[]): Promise<void> {
    await this.db.deleteFrom(table).where('provider_arn', '=', arn).execute();
    if (values.length === 0) return;
    await this.db
      .insertInto(table)
      .values(values.map((value, position) => ({ provider_arn: arn, position, value })))
      .execute();
  }

  /** Quota checks count an account's records of one kind. */
  private async countInAccount(table: 'oidc_providers' | 'roles' | 'managed_policies', accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // --- OIDC providers ---------------------------------------------------------------------

  private async hydrateProviders(rows: OidcProvidersTable[]): Promise<OidcProviderRecord[]> {
    const arns = rows.map((r) => r.arn);
    const [clientIds, thumbprints, tags] = await Promise.all([
      this.providerValues('oidc_provider_client_ids', arns),
      this.providerValues('oidc_provider_thumbprints', arns),
      this.tagsOf('oidc_provider_tags', arns),
    ]);
    return rows.map((row) => ({
      accountId: row.account_id,
      arn: row.arn,
      url: row.url,
      clientIds: clientIds.get(row.arn) ?? [],
      thumbprints: thumbprints.get(row.arn) ?? [],
      tags: tags.get(row.arn) ?? [],
      createdAt: new Date(row.created_at),
      staticJwks: row.static_jwks,
    }));
  }

  private async writeProviderChildren(provider: OidcProviderRecord): Promise<void> {
    await this.writeProviderValues('oidc_provider_client_ids', provider.arn, provider.clientIds);
    await this.writeProviderValues('oidc_provider_thumbprints', provider.arn, provider.thumbprints);
    await this.writeTags('oidc_provider_tags', provider.arn, provider.tags);
  }

  insertOidcProvider(provider: OidcProviderRecord): Promise<void> {
    return this.atomic(async (s) => {
      await translateUnique(`provider ${provider.url} exists`, () =>
        s.db
          .insertInto('oidc_providers')
          .values({
            arn: provider.arn,
            account_id: provider.accountId,
            url: provider.url,
            static_jwks: provider.staticJwks,
            created_at: iso(provider.createdAt),
          })
          .execute(),
      );
      await s.writeProviderChildren(provider);
    });
  }

  async getOidcProvider(arn: string): Promise<OidcProviderRecord | undefined> {
    const rows = await this.db.selectFrom('oidc_providers').selectAll().where('arn', '=', arn).execute();
    return (await this.hydrateProviders(rows))[0];
  }

  async findOidcProviderByUrl(accountId: string, url: string): Promise<OidcProviderRecord | undefined> {
    const rows = await this.db
      .selectFrom('oidc_providers')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('url', '=', url)
      .execute();
    return (await this.hydrateProviders(rows))[0];
  }

  async listOidcProviders(accountId: string): Promise<OidcProviderRecord[]> {
    const rows = await this.db.selectFrom('oidc_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();
    return this.hydrateProviders(rows);
  }

  countOidcProviders(accountId: string): Promise<number> {
    return this.countInAccount('oidc_providers', accountId);
  }

  saveOidcProvider(provider: OidcProviderRecord): Promise<void> {
    return this.atomic(async (s) => {
      await s.db.updateTable('oidc_providers').set({ static_jwks: provider.staticJwks }).where('arn', '=', provider.arn).execute();
      await s.writeProviderChildren(provider);
    });
  }

  async deleteOidcProvider(arn: string): Promise<boolean> {
    const result = await this.db.deleteFrom('oidc_providers').where('arn', '=', arn).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  // --- roles ------------------------------------------------------------------------------

  private async hydrateRoles(rows: RolesTable[]): Promise<RoleRecord[]> {
    const tags = await this.tagsOf('role_tags', rows.map((r) => r.role_id));
    return rows.map((row) => roleFromRow(row, tags.get(row.role_id) ?? []));
  }

  insertRole(role: RoleRecord): Promise<void> {
    return this.atomic(async (s) => {
      await translateUnique(`role ${role.roleName} exists`, () =>
        s.db
          .insertInto('roles')
          .values({
            role_id: role.roleId,
            account_id: role.accountId,
            role_name: role.roleName,
            name_key: role.roleName.toLowerCase(),
            path: role.path,
            arn: role.arn,
            trust_policy: role.assumeRolePolicyDocument,
            description: role.description,
            max_session_duration: role.maxSessionDuration,
            permissions_boundary_arn: role.permissionsBoundaryArn,
            created_at: iso(role.createdAt),
          })
          .execute(),
      );
      await s.writeTags('role_tags', role.roleId, role.tags);
    });
  }

  async getRole(accountId: string, roleName: string): Promise<RoleRecord | undefined> {
    const rows = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_key', '=', roleName.toLowerCase())
      .execute();
    return (await this.hydrateRoles(rows))[0];
  }

  async getRoleByArn(arn: string): Promise<RoleRecord | undefined> {
    const rows = await this.db.selectFrom('roles').selectAll().where('arn', '=', arn).execute();
    return (await this.hydrateRoles(rows))[0];
  }

  async listRoles(accountId: string, pathPrefix?: string): Promise<RoleRecord[]> {
    const rows = await this.db.selectFrom('roles').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
    // Prefix filtering in code: LIKE is case-insensitive on SQLite and treats _ and % specially.
    return this.hydrateRoles(pathPrefix ? rows.filter((r) => r.path.startsWith(pathPrefix)) : rows);
  }

  countRoles(accountId: string): Promise<number> {
    return this.countInAccount('roles', accountId);
  }

  saveRole(role: RoleRecord): Promise<void> {
    return this.atomic(async (s) => {
      await s.db
        .updateTable('roles')
        .set({
          trust_policy: role.assumeRolePolicyDocument,
          description: role.description,
          max_session_duration: role.maxSessionDuration,
          permissions_boundary_arn: role.permissionsBoundaryArn,
        })
        .where('role_id', '=', role.roleId)
        .execute();
      await s.writeTags('role_tags', role.roleId, role.tags);
    });
  }

  async deleteRole(roleId: string): Promise<boolean> {
    // Tags go with it (ON DELETE CASCADE); policies must already be gone (no cascade there).
    const result = await this.db.deleteFrom('roles').where('role_id', '=', roleId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  // --- inline role policies ---------------------------------------------------------------

  async putRolePolicy(policy: InlinePolicyRecord): Promise<void> {
    await this.db
      .insertInto('role_policies')
      .values({ role_id: policy.roleId, policy_name: policy.policyName, document: policy.document })
      .onConflict((oc) => oc.columns(['role_id', 'policy_name']).doUpdateSet({ document: policy.document }))
      .execute();
  }

  async getRolePolicy(roleId: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    const row = await this.db
      .selectFrom('role_policies')
      .selectAll()
      .where('role_id', '=', roleId)
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return row && { roleId: row.role_id, policyName: row.policy_name, document: row.document };
  }

  async listRolePolicies(roleId: string): Promise<InlinePolicyRecord[]> {
    const rows = await this.db.selectFrom('role_policies').selectAll().where('role_id', '=', roleId).orderBy('policy_name').execute();
    return rows.map((row) => ({ roleId: row.role_id, policyName: row.policy_name, document: row.document }));
  }

  async deleteRolePolicy(roleId: string, policyName: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('role_policies')
      .where('role_id', '=', roleId)
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  // --- managed policies -------------------------------------------------------------------

  private async hydratePolicies(rows: ManagedPoliciesTable[]): Promise<ManagedPolicyRecord[]> {
    const tags = await this.tagsOf('managed_policy_tags', rows.map((r) => r.arn));
    return rows.map((row) => policyFromRow(row, tags.get(row.arn) ?? []));
  }

  insertManagedPolicy(policy: ManagedPolicyRecord, firstVersion: PolicyVersionRecord): Promise<void> {
    return this.atomic(async (s) => {
      await translateUnique(`policy ${policy.policyName} exists`, () =>
        s.db
          .insertInto('managed_policies')
          .values({
            arn: policy.arn,
            account_id: policy.accountId,
            policy_id: policy.policyId,
            policy_name: policy.policyName,
            name_key: policy.policyName.toLowerCase(),
            path: policy.path,
            description: policy.description,
            default_version_id: policy.defaultVersionId,
            latest_version_number: policy.latestVersionNumber,
            created_at: iso(policy.createdAt),
            updated_at: iso(policy.updatedAt),
          })
          .execute(),
      );
      await s.insertPolicyVersion(firstVersion);
      await s.writeTags('managed_policy_tags', policy.arn, policy.tags);
    });
  }

  async getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined> {
    const rows = await this.db.selectFrom('managed_policies').selectAll().where('arn', '=', arn).execute();
    return (await this.hydratePolicies(rows))[0];
  }

  async getManagedPolicyUsage(arn: string): Promise<ManagedPolicyUsage> {
    const attached = await this.db
      .selectFrom('role_policy_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('policy_arn', '=', arn)
      .executeTakeFirstOrThrow();
    const boundaries = await this.db
      .selectFrom('roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('permissions_boundary_arn', '=', arn)
      .executeTakeFirstOrThrow();
    return { attachmentCount: Number(attached.n), permissionsBoundaryUsageCount: Number(boundaries.n) };
  }

  async listManagedPolicies(accountId: string, filter: ManagedPolicyFilter = {}): Promise<ManagedPolicyRecord[]> {
    let query = this.db.selectFrom('managed_policies').selectAll().where('account_id', '=', accountId);
    if (filter.onlyAttached) {
      query = query.where('arn', 'in', this.db.selectFrom('role_policy_attachments').select('policy_arn'));
    }
    const rows = await query.orderBy('name_key').execute();
    const prefix = filter.pathPrefix;
    return this.hydratePolicies(prefix ? rows.filter((r) => r.path.startsWith(prefix)) : rows);
  }

  countManagedPolicies(accountId: string): Promise<number> {
    return this.countInAccount('managed_policies', accountId);
  }

  saveManagedPolicy(policy: ManagedPolicyRecord): Promise<void> {
    return this.atomic(async (s) => {
      await s.db
        .updateTable('managed_policies')
        .set({
          default_version_id: policy.defaultVersionId,
          latest_version_number: policy.latestVersionNumber,
          updated_at: iso(policy.updatedAt),
        })
        .where('arn', '=', policy.arn)
        .execute();
      await s.writeTags('managed_policy_tags', policy.arn, policy.tags);
    });
  }

  async deleteManagedPolicy(arn: string): Promise<boolean> {
    const result = await this.db.deleteFrom('managed_policies').where('arn', '=', arn).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async getManagedPolicyDocument(arn: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('managed_policies')
      .innerJoin('policy_versions', (join) =>
        join
          .onRef('policy_versions.policy_arn', '=', 'managed_policies.arn')
          .onRef('policy_versions.version_id', '=', 'managed_policies.default_version_id'),
      )
      .select('policy_versions.document')
      .where('managed_policies.arn', '=', arn)
      .executeTakeFirst();
    return row?.document;
  }

  async insertPolicyVersion(version: PolicyVersionRecord): Promise<void> {
    await translateUnique(`version ${version.versionId} exists`, () =>
      this.db
        .insertInto('policy_versions')
        .values({
          policy_arn: version.policyArn,
          version_id: version.versionId,
          version_number: versionNumber(version.versionId),
          document: version.document,
          created_at: iso(version.createdAt),
        })
        .execute(),
    );
  }

  async getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    const row = await this.db
      .selectFrom('policy_versions')
      .selectAll()
      .where('policy_arn', '=', policyArn)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return row && { policyArn: row.policy_arn, versionId: row.version_id, document: row.document, createdAt: new Date(row.created_at) };
  }

  async listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]> {
    const rows = await this.db
      .selectFrom('policy_versions')
      .selectAll()
      .where('policy_arn', '=', policyArn)
      .orderBy('version_number', 'desc')
      .execute();
    return rows.map((row) => ({
      policyArn: row.policy_arn,
      versionId: row.version_id,
      document: row.document,
      createdAt: new Date(row.created_at),
    }));
  }

  async deletePolicyVersion(policyArn: string, versionId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('policy_versions')
      .where('policy_arn', '=', policyArn)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  // --- attachments ------------------------------------------------------------------------

  attachRolePolicy(roleId: string, policyArn: string): Promise<void> {
    return this.atomic(async (s) => {
      const last = await s.db
        .selectFrom('role_policy_attachments')
        .select((eb) => eb.fn.max<number | null>('position').as('p'))
        .where('role_id', '=', roleId)
        .executeTakeFirst();
      await s.db
        .insertInto('role_policy_attachments')
        .values({ role_id: roleId, policy_arn: policyArn, position: Number(last?.p ?? -1) + 1 })
        .onConflict((oc) => oc.columns(['role_id', 'policy_arn']).doNothing())
        .execute();
    });
  }

  async detachRolePolicy(roleId: string, policyArn: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('role_policy_attachments')
      .where('role_id', '=', roleId)
      .where('policy_arn', '=', policyArn)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listAttachedRolePolicies(roleId: string): Promise<AttachedPolicyRecord[]> {
    const rows = await this.db
      .selectFrom('role_policy_attachments')
      .innerJoin('managed_policies', 'managed_policies.arn', 'role_policy_attachments.policy_arn')
      .select(['managed_policies.policy_name', 'managed_policies.arn', 'managed_policies.path'])
      .where('role_policy_attachments.role_id', '=', roleId)
      .orderBy('role_policy_attachments.position')
      .execute();
    return rows.map((row) => ({ policyName: row.policy_name, policyArn: row.arn, path: row.path }));
  }

  async listRolePolicyDocuments(accountId: string, roleName: string): Promise<RolePolicyDocument[]> {
    const role = await this.getRole(accountId, roleName);
    if (!role) return [];
    const inline = await this.listRolePolicies(role.roleId);
    const managed = await this.db
      .selectFrom('role_policy_attachments')
      .innerJoin('managed_policies', 'managed_policies.arn', 'role_policy_attachments.policy_arn')
      .innerJoin('policy_versions', (join) =>
        join
          .onRef('policy_versions.policy_arn', '=', 'managed_policies.arn')
          .onRef('policy_versions.version_id', '=', 'managed_policies.default_version_id'),
      )
      .select(['managed_policies.arn', 'managed_policies.policy_name', 'policy_versions.document'])
      .where('role_policy_attachments.role_id', '=', role.roleId)
      .orderBy('role_policy_attachments.position')
      .execute();
    return [
      ...inline.map((p): RolePolicyDocument => ({ id: p.policyName, type: 'role', name: p.policyName, document: p.document })),
      ...managed.map((p): RolePolicyDocument => ({ id: p.arn, type: 'user-managed', name: p.policy_name, document: p.document })),
    ];
  }

  // --- admin access keys ------------------------------------------------------------------

  private accessKeyFromRow(row: AccessKeysTable): AccessKeyRecord {
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: this.masterKey.decrypt(row.secret_sealed, `access-key:${row.access_key_id}`).toString('utf8'),
      accountId: row.account_id,
      status: row.status === 'Inactive' ? 'Inactive' : 'Active',
      createdAt: new Date(row.created_at),
    };
  }

  async createAccessKey(accountId: string, given?: GivenAccessKey): Promise<AccessKeyRecord> {
    const record: AccessKeyRecord = {
      accessKeyId: given?.accessKeyId ?? newAccessKeyId(accountId, 'AKIA'),
      // 30 random bytes are exactly 40 base64 characters, the length of an AWS secret key.
      secretAccessKey: given?.secretAccessKey ?? randomBytes(30).toString('base64'),
      accountId,
      status: 'Active',
      createdAt: new Date(),
    };
    await this.db
      .insertInto('access_keys')
      .values({
        access_key_id: record.accessKeyId,
        account_id: accountId,
        secret_sealed: this.masterKey.encrypt(record.secretAccessKey, `access-key:${record.accessKeyId}`),
        status: record.status,
        created_at: iso(record.createdAt),
      })
      .execute();
    return record;
  }

  async findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await this.db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return row && this.accessKeyFromRow(row);
  }

  async listAccessKeys(accountId: string): Promise<AccessKeyRecord[]> {
    const rows = await this.db.selectFrom('access_keys').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
    return rows.map((row) => this.accessKeyFromRow(row));
  }

  // --- decision log -----------------------------------------------------------------------

  async recordDecision(d: DecisionRecord): Promise<void> {
    await this.db
      .insertInto('decisions')
      .values({
        id: d.id,
        time: iso(d.time),
        account_id: d.accountId,
        action: d.action,
        role_arn: d.roleArn,
        provider_arn: d.providerArn,
        issuer: d.issuer,
        subject: d.subject,
        session_name: d.sessionName,
        decision: d.decision,
        error_code: d.errorCode,
        reason: d.reason,
        matched_statement: d.matchedStatement,
        details: JSON.stringify(d.details ?? null),
      })
      .execute();
  }

  async listDecisions(q: DecisionQuery): Promise<DecisionRecord[]> {
    let query = this.db.selectFrom('decisions').selectAll();
    if (q.accountId !== undefined) query = query.where('account_id', '=', q.accountId);
    if (q.deniedOnly) query = query.where('decision', '=', 'denied');
    if (q.roleArn !== undefined) query = query.where('role_arn', '=', q.roleArn);
    if (q.since !== undefined) query = query.where('time', '>=', iso(q.since));
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    const rows = await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(decisionFromRow);
  }

  async getDecision(id: string): Promise<DecisionRecord | undefined> {
    const row = await this.db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && decisionFromRow(row);
  }
}

export class KyselyStore extends KyselySession implements Store {
  constructor(
    readonly dialect: StoreDialect,
    private readonly database: Kysely<Database>,
    masterKey: MasterKey,
  ) {
    const runAtomic: Atomic = (work) => this.transaction(work);
    super(database, masterKey, runAtomic);
    this.sessionFor = (tx) => new KyselySession(tx, masterKey, runAtomic);
  }

  private readonly sessionFor: (tx: Kysely<Database>) => KyselySession;

  async transaction<T>(work: (tx: KyselySession) => Promise<T>): Promise<T> {
    if (this.dialect === 'sqlite') {
      return this.database.transaction().execute((tx) => work(this.sessionFor(tx)));
    }
    // SERIALIZABLE makes "check a quota, then insert" safe across nodes; PostgreSQL may then
    // abort one of two racing transactions, which we simply run again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database
          .transaction()
          .setIsolationLevel('serializable')
          .execute((tx) => work(this.sessionFor(tx)));
      } catch (err) {
        if (!RETRYABLE_CODES.has(errorCode(err) ?? '') || attempt >= MAX_TRANSACTION_ATTEMPTS) throw err;
      }
    }
  }

  async close(): Promise<void> {
    await this.database.destroy();
  }
}
