import type { DecisionLog } from '../store/store.js';
import type { IamStore } from './ports.js';

/** What the IAM service needs from outside. */
export interface IamDeps {
  store: IamStore & DecisionLog;
  /**
   * CreateOpenIDConnectProvider without a ThumbprintList: IAM contacts the issuer and keeps the
   * SHA-1 thumbprint of its top intermediate CA (src/oidc's probe). It should throw AWS's
   * OpenIdIdpCommunicationError itself; without it, creation fails as if the IdP were unreachable.
   */
  fetchThumbprint?: (url: string) => Promise<string>;
}
