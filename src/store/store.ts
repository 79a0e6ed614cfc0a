/**
 * The persistence interface IAM, STS, the CLI and the server use: one small interface per record
 * type (declared beside its implementation in records/<record>.ts), combined here. Two engines
 * sit behind it (SQLite embedded, PostgreSQL for many nodes); callers never see SQL or tables.
 * Services take only the per-record interfaces they use (see src/sts/ports.ts, src/iam/ports.ts).
 *
 * Reads and single-row writes can be called on the store directly. Anything that must be
 * decided and written together (a quota check and the insert it guards, a read-modify-write
 * of a role's tags) runs inside `transaction`, so an error thrown anywhere in `work` — an
 * AwsError included — leaves nothing half-written.
 *
 * A new record type: add records/<record>.ts (its interface and its Kysely implementation),
 * extend StoreSession with the interface below, and add the module to kysely-store.ts's session.
 */
import type { AccessKeyStore } from './records/access-keys.js';
import type { AttachmentStore } from './records/attachments.js';
import type { ConsoleLinkStore } from './records/console-links.js';
import type { DecisionLog } from './records/decisions.js';
import type { InstanceProfileStore } from './records/instance-profiles.js';
import type { ManagedPolicyStore } from './records/managed-policies.js';
import type { OidcProviderStore } from './records/oidc-providers.js';
import type { PolicyVersionStore } from './records/policy-versions.js';
import type { RolePermissionStore } from './records/role-permissions.js';
import type { RolePolicyStore } from './records/role-policies.js';
import type { RoleStore } from './records/roles.js';

export type { AccessKeyStore } from './records/access-keys.js';
export type { AttachmentStore } from './records/attachments.js';
export type { ConsoleLinkStore } from './records/console-links.js';
export type { DecisionBatch, DecisionLog } from './records/decisions.js';
export type { InstanceProfileStore } from './records/instance-profiles.js';
export type { ManagedPolicyFilter, ManagedPolicyStore } from './records/managed-policies.js';
export type { OidcProviderStore } from './records/oidc-providers.js';
export type { PolicyVersionStore } from './records/policy-versions.js';
export type { RolePermissionStore } from './records/role-permissions.js';
export type { RolePolicyStore } from './records/role-policies.js';
export type { RoleStore } from './records/roles.js';
export { UniqueViolation } from './unique-violation.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** Everything that can be read or written, inside or outside a transaction. */
export interface StoreSession
  extends OidcProviderStore,
    RoleStore,
    RolePolicyStore,
    ManagedPolicyStore,
    PolicyVersionStore,
    AttachmentStore,
    RolePermissionStore,
    InstanceProfileStore,
    AccessKeyStore,
    DecisionLog,
    ConsoleLinkStore {}

/** Atomic work over the records `S` (a service names the records it needs). */
export interface Transactional<S> {
  /**
   * Runs `work` atomically. On PostgreSQL it runs SERIALIZABLE and is retried on a
   * serialization failure, so `work` must have no effects outside the session.
   */
  transaction<T>(work: (tx: S) => Promise<T>): Promise<T>;
}

export interface Store extends StoreSession, Transactional<StoreSession> {
  readonly dialect: StoreDialect;
  close(): Promise<void>;
}
