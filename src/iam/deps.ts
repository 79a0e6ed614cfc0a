import type { ActionHandler } from '../aws/service.js';
import type { IamStore } from './ports.js';

/** A trust policy IAM has just accepted, as CreateRole / UpdateAssumeRolePolicy report it to a hook. */
export interface TrustPolicyChange {
  /** A fresh id the hook may file what it notes under (it goes to the response header). */
  id: string;
  time: Date;
  accountId: string;
  action: 'iam:CreateRole' | 'iam:UpdateAssumeRolePolicy';
  roleArn: string;
  /** The trust policy as accepted. */
  document: string;
}

/** What the IAM service needs from outside. */
export interface IamDeps {
  store: IamStore;
  /**
   * CreateOpenIDConnectProvider without a ThumbprintList: IAM contacts the issuer and keeps the
   * SHA-1 thumbprint of its top intermediate CA (src/oidc's probe). It should throw AWS's
   * OpenIdIdpCommunicationError itself; without it, creation fails as if the IdP were unreachable.
   */
  fetchThumbprint?: (url: string) => Promise<string>;
  /**
   * Actions beyond AWS's IAM served from the same table (Trustbridge's admin extensions). The
   * composition root registers them (src/stack/iam.ts); IAM itself knows none of them.
   */
  extraActions?: ReadonlyMap<string, ActionHandler>;
  /**
   * Told of every trust policy IAM accepted. AWS accepts risky trust policies and so does IAM; a
   * hook may note a warning somewhere and return its id, which IAM sends in the
   * x-trustbridge-decision-id response header. It never changes the answer.
   */
  onTrustPolicyAccepted?: (change: TrustPolicyChange) => Promise<string | undefined>;
}
