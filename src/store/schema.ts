/**
 * Table shapes as Kysely sees them. Only src/store reads this file; everything outside works
 * with the records in records.ts. Portable types only: times are ISO-8601 text (they sort
 * correctly as text on both engines), booleans are 0/1 integers, structured data is JSON text.
 */
export interface OidcProvidersTable {
  arn: string;
  account_id: string;
  url: string;
  static_jwks: string | null;
  created_at: string;
}

export interface ProviderValueTable {
  provider_arn: string;
  position: number;
  value: string;
}

export interface TagsTable {
  owner: string;
  position: number;
  tag_key: string;
  tag_value: string;
}

export interface RolesTable {
  role_id: string;
  account_id: string;
  role_name: string;
  /** Lower-cased name: role names are unique per account regardless of case. */
  name_key: string;
  path: string;
  arn: string;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  created_at: string;
}

export interface RolePoliciesTable {
  role_id: string;
  policy_name: string;
  document: string;
}

export interface ManagedPoliciesTable {
  arn: string;
  account_id: string;
  policy_id: string;
  policy_name: string;
  name_key: string;
  path: string;
  description: string | null;
  default_version_id: string;
  latest_version_number: number;
  created_at: string;
  updated_at: string;
}

export interface PolicyVersionsTable {
  policy_arn: string;
  version_id: string;
  version_number: number;
  document: string;
  created_at: string;
}

export interface RoleAttachmentsTable {
  role_id: string;
  policy_arn: string;
  position: number;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  secret_sealed: string;
  status: string;
  created_at: string;
}

export interface DecisionsTable {
  id: string;
  time: string;
  account_id: string;
  action: string;
  role_arn: string;
  provider_arn: string | null;
  issuer: string | null;
  subject: string | null;
  session_name: string | null;
  decision: string;
  error_code: string | null;
  reason: string;
  matched_statement: string | null;
  details: string;
}

export interface InstanceProfilesTable {
  instance_profile_id: string;
  account_id: string;
  name: string;
  /** Lower-cased name: unique per account regardless of case, like roles. */
  name_key: string;
  path: string;
  arn: string;
  created_at: string;
}

export interface InstanceProfileRolesTable {
  instance_profile_id: string;
  role_id: string;
}

export interface Database {
  oidc_providers: OidcProvidersTable;
  oidc_provider_client_ids: ProviderValueTable;
  oidc_provider_thumbprints: ProviderValueTable;
  oidc_provider_tags: TagsTable;
  roles: RolesTable;
  role_tags: TagsTable;
  role_policies: RolePoliciesTable;
  managed_policies: ManagedPoliciesTable;
  managed_policy_tags: TagsTable;
  policy_versions: PolicyVersionsTable;
  role_policy_attachments: RoleAttachmentsTable;
  access_keys: AccessKeysTable;
  decisions: DecisionsTable;
  instance_profiles: InstanceProfilesTable;
  instance_profile_roles: InstanceProfileRolesTable;
  instance_profile_tags: TagsTable;
  console_link_uses: ConsoleLinkUsesTable;
}

export interface ConsoleLinkUsesTable {
  nonce: string;
  expires_at: string;
}

export type TagTableName = 'oidc_provider_tags' | 'role_tags' | 'managed_policy_tags' | 'instance_profile_tags';
export type ProviderValueTableName = 'oidc_provider_client_ids' | 'oidc_provider_thumbprints';
