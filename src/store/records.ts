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
