/**
 * What STS needs from the rest of Trustbridge, and nothing more. The Store (src/store/store.ts)
 * satisfies StsDirectory as it is; tests use an in-memory fake.
 */
import type { DecisionRecord, OidcProviderRecord, RoleRecord } from '../store/records.js';

export interface StsDirectory {
  /** Exact, case-sensitive match on the registered URL, as a token's `iss` must match. */
  findOidcProviderByUrl(accountId: string, url: string): Promise<OidcProviderRecord | undefined>;
  getRoleByArn(arn: string): Promise<RoleRecord | undefined>;
  /** The default version's document of a managed policy, for session PolicyArns. */
  getManagedPolicyDocument(arn: string): Promise<string | undefined>;
  recordDecision(record: DecisionRecord): Promise<void>;
}
