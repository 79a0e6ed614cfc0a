/**
 * The records the store keeps, as services see them. The store interface (store.ts) reads and
 * writes these; STS and IAM depend on these shapes, never on tables.
 */
export interface Tag {
  key: string;
  value: string;
}

export interface OidcProviderRecord {
  accountId: string;
  /** arn:aws:iam::ACCT:oidc-provider/<url without https://> */
  arn: string;
  /** The URL as registered, with its https:// scheme (what a token's `iss` must equal). */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: Tag[];
  createdAt: Date;
  /**
   * A JWKS document (JSON text) kept with the provider for issuers that STS cannot reach
   * (GitLab issue 391928). When set, keys come from here and nothing is fetched.
   */
  staticJwks: string | null;
}

export interface RoleRecord {
  accountId: string;
  /** AROA… (21 characters, encodes the account). */
  roleId: string;
  roleName: string;
  path: string;
  /** arn:aws:iam::ACCT:role{path}{name} */
  arn: string;
  /** The trust policy exactly as the client sent it (JSON text, not URL-encoded). */
  assumeRolePolicyDocument: string;
  description: string | null;
  maxSessionDuration: number;
  permissionsBoundaryArn: string | null;
  tags: Tag[];
  createdAt: Date;
}

/** One AssumeRoleWithWebIdentity decision, CloudTrail-like. Never holds a token or a secret. */
export interface DecisionRecord {
  /** A UUID, returned to the client in the x-trustbridge-decision-id header. */
  id: string;
  time: Date;
  accountId: string;
  action: string;
  roleArn: string;
  providerArn: string | null;
  issuer: string | null;
  subject: string | null;
  sessionName: string | null;
  decision: 'allowed' | 'denied';
  /** The AWS error code the client got, when denied. */
  errorCode: string | null;
  /** Why, in words AWS would not put on the wire (e.g. which condition failed). */
  reason: string;
  /** The Sid (or index) of the trust-policy statement that allowed the call. */
  matchedStatement: string | null;
  /** Structured detail (validation steps, trace summary, claims without the signature). */
  details: unknown;
}

/** A customer-managed policy (CreatePolicy). Its documents live in its versions. */
export interface ManagedPolicyRecord {
  accountId: string;
  /** arn:aws:iam::ACCT:policy{path}{name} */
  arn: string;
  /** ANPA… (21 characters, encodes the account). */
  policyId: string;
  policyName: string;
  path: string;
  description: string | null;
  /** e.g. "v3": the version whose document is in force. */
  defaultVersionId: string;
  /** The highest version number ever issued, so a deleted "v5" is never reissued (AWS goes on with v6). */
  latestVersionNumber: number;
  tags: Tag[];
  createdAt: Date;
  updatedAt: Date;
}

/** Counts IAM derives from other tables; the store computes them when it reads a policy. */
export interface ManagedPolicyUsage {
  attachmentCount: number;
  permissionsBoundaryUsageCount: number;
}

export interface PolicyVersionRecord {
  policyArn: string;
  /** "v1", "v2", … */
  versionId: string;
  /** The document exactly as the client sent it (JSON text, not URL-encoded). */
  document: string;
  createdAt: Date;
}

/** A policy embedded in a role (PutRolePolicy). */
export interface InlinePolicyRecord {
  roleId: string;
  policyName: string;
  document: string;
}

export interface AttachedPolicyRecord {
  policyName: string;
  policyArn: string;
  path: string;
}

/**
 * One permission policy in force for a role, as authorisation and the simulator need it:
 * inline policies (type 'role', id = policy name) and the default versions of attached
 * managed policies (type 'user-managed', id = policy ARN).
 */
export interface RolePolicyDocument {
  id: string;
  type: 'role' | 'user-managed';
  name: string;
  document: string;
}

/** An admin access key as the SigV4 verifier needs it; the secret is decrypted on read. */
/** An EC2 instance profile: a container for (at most one) role. */
export interface InstanceProfileRecord {
  accountId: string;
  /** AIPA… (21 characters, encodes the account). */
  instanceProfileId: string;
  instanceProfileName: string;
  path: string;
  /** arn:aws:iam::ACCT:instance-profile{path}{name} */
  arn: string;
  /** The ids of the roles it holds, in the order they were added. */
  roleIds: string[];
  tags: Tag[];
  createdAt: Date;
}

/** An access key pair chosen by the operator rather than generated. */
export interface GivenAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
}

export interface DecisionQuery {
  accountId?: string;
  deniedOnly?: boolean;
  roleArn?: string;
  since?: Date;
  /** At most this many, newest first (default 100). */
  limit?: number;
}
