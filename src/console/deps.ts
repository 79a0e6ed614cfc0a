/**
 * What the console needs from the running stack, passed in by the composition root
 * (src/stack/api.ts). It reads through the same store interfaces and the same credential
 * resolver and authoriser as the API, so it can never see more than the API would show.
 */
import type { Caller, QueryService } from '../aws/service.js';
import type { CredentialResolver } from '../aws/sigv4/index.js';
import type { KeySource } from '../oidc/key-source.js';
import type { Authorizer } from '../server/index.js';
import type { MasterKey } from '../store/master-key.js';
import type { Store } from '../store/store.js';
import type { KeyFetchStatus } from '../oidc/jwks-cache.js';

export type ConsoleStore = Pick<
  Store,
  | 'listDecisions'
  | 'getDecision'
  | 'listRoles'
  | 'getRole'
  | 'getRoleByArn'
  | 'listRolePolicies'
  | 'listAttachedRolePolicies'
  | 'getManagedPolicyDocument'
  | 'listOidcProviders'
  | 'getOidcProvider'
  | 'findOidcProviderByUrl'
  | 'listAccessKeys'
  | 'useConsoleLinkOnce'
>;

export interface ConsoleDeps {
  accountId: string;
  store: ConsoleStore;
  masterKey: MasterKey;
  resolveCredential: CredentialResolver;
  authorize: Authorizer;
  /** The IAM service, named in authorisation as API calls name it. */
  iam: QueryService;
  /** STS's own key source, so the playground verifies signatures exactly as STS does. */
  keys: KeySource & { fetchStatus(issuer: string): KeyFetchStatus | undefined };
  /** CA certificates trusted for issuers (doctor uses them as STS does). */
  extraCaPems: string[];
  /** The data directory of the local issuer whose keys the playground mints with, when there is one. */
  issuerDir?: string;
  now?: () => Date;
}

/** A signed-in console user: the caller exactly as a SigV4 call with the same credential resolves. */
export interface Viewer {
  caller: Exclude<Caller, { kind: 'anonymous' }>;
  /** The form token for this session's POSTs. */
  csrf: string;
  sourceIp: string;
}
