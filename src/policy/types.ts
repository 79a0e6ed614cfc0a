/**
 * The shapes the policy engine exchanges with its callers. Everything here is plain data
 * (JSON-serialisable) except CompiledPolicy, whose matchers are closures built once per document.
 */

/**
 * Which kind of document is being validated: each kind forbids different elements.
 * 'resource' (a resource-based policy: Principal and Resource) serves the simulator's ResourcePolicy.
 */
export type PolicyKind = 'identity' | 'trust' | 'session' | 'managed' | 'resource';

/** The principal types a Principal element can name. */
export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser';

/** One request-context value: a scalar, or a list for multivalued keys (aws:TagKeys, …:amr). */
export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];

/** Context keys (any case: matching is case-insensitive) → values. */
export type RequestContext = Readonly<Record<string, ContextValue>>;

/** The request being authorised. */
export interface EvaluationRequest {
  /** service:Action, e.g. sts:AssumeRoleWithWebIdentity (matched case-insensitively). */
  action: string;
  /** The resource ARN, or `*` (the simulator's "any resource"). */
  resource: string;
  /** Who is calling; only trust (and resource) policies look at it. */
  /**
   * `alsoKnownAs`: other ARNs naming the same principal — an assumed-role session is matched by
   * its role's ARN too, as AWS does (IAM user guide, "AWS JSON policy elements: Principal").
   */
  principal?: { type: PrincipalType; id: string; alsoKnownAs?: readonly string[] };
  context: RequestContext;
}

/** Where a statement sits in its document, 1-based line and column (as the IAM simulator reports). */
export interface Position {
  line: number;
  column: number;
}

/** One parsed statement, kept for tracing and for the simulator's MatchedStatements. */
export interface StatementInfo {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
}

/** A policy compiled into matchers. Obtain with compilePolicy(); evaluate() never re-parses. */
export interface CompiledPolicy {
  /** Caller-chosen name (policy name, ARN, "trust-policy"…), reported in matched statements. */
  readonly id: string;
  readonly kind: PolicyKind;
  /** sha256 hex of kind + "\n" + text: the cache key. */
  readonly hash: string;
  readonly version: string | undefined;
  readonly statements: readonly CompiledStatement[];
  /** The document as a normalised JSON value (statement always an array). */
  readonly normalized: unknown;
}

/** Outcome of checking one condition; only computed when tracing. */
export interface ConditionTrace {
  operator: string;
  key: string;
  expected: string[];
  /** The request's values for the key; null when the key is absent. */
  actual: string[] | null;
  result: boolean;
}

/** Evaluation scratch state handed to compiled matchers. */
export interface EvalState {
  /** Lower-cased context key → value. */
  readonly context: ReadonlyMap<string, ContextValue>;
  /** When a plain (non-set) operator meets a multivalued value: false (AWS, reported) or any-value. */
  readonly multivaluedPlain: 'false' | 'anyValue';
  /** When set, each condition's outcome is appended (explain mode). */
  trace: ConditionTrace[] | undefined;
}

export interface CompiledStatement {
  readonly info: StatementInfo;
  /** Null when the statement has no Principal/NotPrincipal. */
  readonly matchPrincipal: ((principal: EvaluationRequest['principal']) => boolean) | null;
  readonly matchAction: (action: string) => boolean;
  /** Null when the statement has no Resource/NotResource (trust policies). */
  readonly matchResource: ((resource: string, state: EvalState) => boolean) | null;
  readonly matchConditions: (state: EvalState) => boolean;
  /** Condition keys this statement reads, as first written (for missing-key reporting). */
  readonly conditionKeys: readonly string[];
  /** The same keys lower-cased, as the evaluation context stores them. */
  readonly conditionKeysLower: readonly string[];
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** A statement that took part in the decision. */
export interface MatchedStatement {
  policyId: string;
  policyKind: PolicyKind;
  /** Which group the policy was given in. */
  source: PolicySource;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
}

export type PolicySource = 'identity' | 'session' | 'boundary' | 'trust' | 'resource';

export interface EvaluationInput {
  request: EvaluationRequest;
  identityPolicies: readonly CompiledPolicy[];
  /** Session policies: when given (even empty list excluded), the result is their intersection with identity. */
  sessionPolicies?: readonly CompiledPolicy[];
  /** Permissions boundaries: an allow needs one of them to allow too. */
  permissionsBoundaries?: readonly CompiledPolicy[];
  /** A role trust policy; when given it must allow the principal explicitly. */
  trustPolicy?: CompiledPolicy;
  /**
   * A resource-based policy of the same account: its Allow for the principal suffices in place
   * of an identity-policy Allow (session policies and boundaries still apply).
   */
  resourcePolicy?: CompiledPolicy;
  options?: EvaluationOptions;
}

export interface EvaluationOptions {
  /**
   * What a plain operator (no ForAllValues/ForAnyValue) does with a multivalued context value.
   * 'false' (default) follows the behaviour reported at re:Inforce 2025; 'anyValue' treats it as
   * ForAnyValue.
   */
  multivaluedPlainOperator?: 'false' | 'anyValue';
}

export interface EvaluationResult {
  decision: Decision;
  /** For explicitDeny the matching Deny statements; for allowed the Allow statements; else []. */
  matchedStatements: MatchedStatement[];
  /** Condition keys read by statements whose action and resource matched, absent from the context. */
  missingContextValues: string[];
}
