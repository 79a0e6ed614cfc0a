import type { QueryParams } from './query-params.js';
import type { WireStruct } from './shape.js';

/** Who made a call, as established by SigV4 verification (or nobody, for unsigned actions). */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'admin'; accountId: string; accessKeyId: string; arn: string; userId: string }
  | {
      kind: 'assumed-role';
      accountId: string;
      accessKeyId: string;
      /** arn:aws:sts::ACCT:assumed-role/ROLE/SESSION */
      arn: string;
      /** AROA…:SESSION */
      userId: string;
      roleName: string;
      roleArn: string;
      sessionName: string;
      /** Session policy documents (inline Policy and the documents of PolicyArns), if any. */
      sessionPolicies: string[];
      expiresAt: Date;
      /** The session's tags (principal tags) and which of them pass on along a role chain. */
      sessionTags?: ReadonlyArray<{ key: string; value: string }>;
      transitiveTagKeys?: readonly string[];
      /** Set once, kept along a role chain. */
      sourceIdentity?: string | null;
    };

export interface CallContext {
  requestId: string;
  caller: Caller;
  /** The account the service acts for. */
  accountId: string;
  now: Date;
  sourceIp: string;
  /** Set by a handler to add response headers (e.g. x-trustbridge-decision-id). */
  responseHeaders: Record<string, string>;
}

/** One action of a Query-protocol service. Returns the members of `<Action>Result`, or nothing. */
export type ActionHandler = (params: QueryParams, ctx: CallContext) => Promise<WireStruct | undefined>;

export interface QueryService {
  /** 'iam' or 'sts': the SigV4 service name and the policy action prefix. */
  name: string;
  /** The API version that routes a request here (2010-05-08 for IAM, 2011-06-15 for STS). */
  version: string;
  xmlNamespace: string;
  actions: ReadonlyMap<string, ActionHandler>;
  /** Actions that AWS accepts without a signature (AssumeRoleWithWebIdentity). */
  unsignedActions: ReadonlySet<string>;
}
