/**
 * The one persistence interface IAM, STS, the CLI and the server use. Two implementations sit
 * behind it (SQLite embedded, PostgreSQL for many nodes); callers never see SQL or tables.
 *
 * Reads and single-row writes can be called on the store directly. Anything that must be
 * decided and written together (a quota check and the insert it guards, a read-modify-write
 * of a role's tags) runs inside `transaction`, so an error thrown anywhere in `work` — an
 * AwsError included — leaves nothing half-written.
 */
import type { InstanceProfileStore } from './records/instance-profiles.js';
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
} from './records.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** Thrown when an insert collides with an existing key (same URL, same role name, …). */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
}

export interface ManagedPolicyFilter {
  pathPrefix?: string;
  onlyAttached?: boolean;
}

/** Everything that can be read or written, inside or outside a transaction. */
export interface StoreSession extends InstanceProfileStore {
  // --- OIDC providers ---------------------------------------------------------------------
  /** Throws UniqueViolation when the account already has a provider for this URL. */
  insertOidcProvider(provider: OidcProviderRecord): Promise<void>;
  getOidcProvider(arn: string): Promise<OidcProviderRecord | undefined>;
  /** Exact, case-sensitive match on the registered URL (scheme included), as STS matches `iss`. */
  findOidcProviderByUrl(accountId: string, url: string): Promise<OidcProviderRecord | undefined>;
  listOidcProviders(accountId: string): Promise<OidcProviderRecord[]>;
  countOidcProviders(accountId: string): Promise<number>;
  /** Replaces the mutable parts (client ids, thumbprints, tags, static JWKS). */
  saveOidcProvider(provider: OidcProviderRecord): Promise<void>;
  deleteOidcProvider(arn: string): Promise<boolean>;

  // --- roles ------------------------------------------------------------------------------
  /** Throws UniqueViolation when the name is taken (names are unique case-insensitively). */
  insertRole(role: RoleRecord): Promise<void>;
  /** Role names are matched case-insensitively, as IAM does. */
  getRole(accountId: string, roleName: string): Promise<RoleRecord | undefined>;
  getRoleByArn(arn: string): Promise<RoleRecord | undefined>;
  /** Sorted by name (case-insensitively), optionally under a path prefix. */
  listRoles(accountId: string, pathPrefix?: string): Promise<RoleRecord[]>;
  countRoles(accountId: string): Promise<number>;
  /** Replaces the mutable parts (trust policy, description, max session, boundary, tags). */
  saveRole(role: RoleRecord): Promise<void>;
  /** Deletes the role; the caller checks first that no policies remain. */
  deleteRole(roleId: string): Promise<boolean>;

  // --- inline role policies ---------------------------------------------------------------
  putRolePolicy(policy: InlinePolicyRecord): Promise<void>;
  getRolePolicy(roleId: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  /** Sorted by policy name. */
  listRolePolicies(roleId: string): Promise<InlinePolicyRecord[]>;
  deleteRolePolicy(roleId: string, policyName: string): Promise<boolean>;

  // --- managed policies -------------------------------------------------------------------
  /** Inserts the policy and its first version together. Throws UniqueViolation on a taken name. */
  insertManagedPolicy(policy: ManagedPolicyRecord, firstVersion: PolicyVersionRecord): Promise<void>;
  getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined>;
  getManagedPolicyUsage(arn: string): Promise<ManagedPolicyUsage>;
  /** Sorted by name. */
  listManagedPolicies(accountId: string, filter?: ManagedPolicyFilter): Promise<ManagedPolicyRecord[]>;
  countManagedPolicies(accountId: string): Promise<number>;
  /** Replaces the mutable parts (default version, latest version number, update date, tags). */
  saveManagedPolicy(policy: ManagedPolicyRecord): Promise<void>;
  /** Deletes the policy and all its versions; the caller checks attachments first. */
  deleteManagedPolicy(arn: string): Promise<boolean>;
  /** The default version's document, for session PolicyArns. */
  getManagedPolicyDocument(arn: string): Promise<string | undefined>;

  insertPolicyVersion(version: PolicyVersionRecord): Promise<void>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  /** Newest first, as ListPolicyVersions returns them. */
  listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<boolean>;

  // --- attachments ------------------------------------------------------------------------
  /** Idempotent, as AttachRolePolicy is. */
  attachRolePolicy(roleId: string, policyArn: string): Promise<void>;
  detachRolePolicy(roleId: string, policyArn: string): Promise<boolean>;
  /** In attachment order. */
  listAttachedRolePolicies(roleId: string): Promise<AttachedPolicyRecord[]>;

  /** Inline policies and the default versions of attached managed policies, for authorisation. */
  listRolePolicyDocuments(accountId: string, roleName: string): Promise<RolePolicyDocument[]>;

  // --- admin access keys ------------------------------------------------------------------
  /**
   * Creates an AKIA… key for the account, or stores the given pair (a test set-up's fixed key);
   * the secret is kept encrypted under the master key either way.
   */
  createAccessKey(accountId: string, given?: GivenAccessKey): Promise<AccessKeyRecord>;
  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  listAccessKeys(accountId: string): Promise<AccessKeyRecord[]>;

  // --- decision log -----------------------------------------------------------------------
  recordDecision(decision: DecisionRecord): Promise<void>;
  /** Newest first. */
  listDecisions(query: DecisionQuery): Promise<DecisionRecord[]>;
  getDecision(id: string): Promise<DecisionRecord | undefined>;
}

export interface Store extends StoreSession {
  readonly dialect: StoreDialect;
  /**
   * Runs `work` atomically. On PostgreSQL it runs SERIALIZABLE and is retried on a
   * serialization failure, so `work` must have no effects outside the session.
   */
  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
