/**
 * What the AssumeRoleWithWebIdentity checks start from and find, one record for the whole
 * pipeline (the token's part is oidc's TokenFacts), and what they read from the store.
 */
import type { QueryParams } from '../../aws/query-params.js';
import type { TokenFacts } from '../../oidc/index.js';
import type { RequestContext } from '../../policy/index.js';
import type { RoleRecord } from '../../store/records.js';
import type { AssumeWebIdentityInput } from '../assume-input.js';
import type { StsDirectory } from '../ports.js';
import type { RoleRef } from '../role-arn.js';
import type { SessionTags } from '../session-tags.js';
import type { TrustAnswer, TrustPrincipal } from '../trust-check.js';

export interface WebIdentityFacts extends TokenFacts {
  /** STS only: the call's parameters, before they are read. */
  params: QueryParams;
  /** STS only: every parameter, read and valid. */
  input: AssumeWebIdentityInput;
  roleArn: string;
  sessionName: string;
  sourceIp: string;
  roleRef: RoleRef;
  role: RoleRecord;
  tags: SessionTags | undefined;
  sourceIdentity: string | undefined;
  /** Who the trust policy is asked about. */
  principal: TrustPrincipal;
  /** The condition keys the trust policy is evaluated against. */
  context: RequestContext;
  /** Each action the trust policy must allow on its own. */
  actions: string[];
  /** The latest trust-policy answer (each result keeps its own). */
  trustAnswer: TrustAnswer;
  packedSize: number | undefined;
  sessionPolicies: string[];
}

/** The look-ups the shared checks make (the Store, a remote node's IAM, or an offline fake). */
export type WebIdentityDirectory = Pick<StsDirectory, 'findOidcProviderByUrl' | 'getRoleByArn'>;

export interface WebIdentityEnv {
  directory: WebIdentityDirectory;
  /** Trace allowed trust answers too (explain shows them; STS does not need them). */
  traceTrust?: boolean;
}
