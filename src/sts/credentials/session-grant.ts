/**
 * What a session token carries: everything needed to act as the session, so that any node can
 * verify a signed call without a store read (ARCHITECTURE.md and the README's "Many nodes").
 */
import type { Tag } from '../../store/records.js';

export interface SessionGrant {
  /**
   * The ASIA… key id issued with the token. Sealed inside it, so a key id presented with another
   * session's token does not match.
   */
  accessKeyId: string;
  accountId: string;
  roleName: string;
  roleArn: string;
  /** AROA… of the role. */
  roleId: string;
  sessionName: string;
  /** Session policy documents: the inline Policy first, then the documents of PolicyArns. */
  sessionPolicies: string[];
  sourceIdentity: string | null;
  tags: Tag[];
  transitiveTagKeys: string[];
  /** Whole seconds: the token stores epoch seconds. */
  issuedAt: Date;
  expiresAt: Date;
}
