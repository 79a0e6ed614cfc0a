/**
 * sts:AssumeRoleWithWebIdentity, the whole pipeline, in the order AWS applies its checks
 * (reference/aws-sts-iam.md §3, §4): parameters → session policy → token (issuer, audience, key,
 * signature, times) → role → session tags and source identity → trust policy (plus
 * sts:TagSession / sts:SetSourceIdentity when asked for) → DurationSeconds against the role's
 * MaxSessionDuration → credentials.
 *
 * Every decision taken once a RoleArn is known is recorded, allowed or denied; the client only
 * ever sees AWS's error, while the record says why.
 */
import { randomUUID } from 'node:crypto';
import { assumedRoleArn } from '../aws/arn.js';
import { AwsError, isAwsError } from '../aws/error.js';
import type { QueryParams } from '../aws/query-params.js';
import type { ActionHandler, CallContext } from '../aws/service.js';
import type { WireStruct } from '../aws/shape.js';
import { OidcVerificationError, parseToken, TokenRejected, verifyWebIdentityToken, type JwtClaims, type KeySource, type VerifiedToken } from '../oidc/index.js';
import { readAssumeWebIdentityInput, type AssumeWebIdentityInput } from './assume-input.js';
import { assumeRoleWithWebIdentityResult } from './assume-response.js';
import type { RequestContext } from '../policy/index.js';
import type { RoleRecord } from '../store/records.js';
import type { SessionKeyRing } from './credentials/key-ring.js';
import { mintSessionCredentials } from './credentials/mint-credentials.js';
import { DecisionTrail } from './decision-trail.js';
import { packedPolicySize } from './packed-size.js';
import type { StsDirectory } from './ports.js';
import { parseRoleArn, type RoleRef } from './role-arn.js';
import { checkInlineSessionPolicy, sessionPolicyDocuments } from './session-policies.js';
import { readSessionTags, readSourceIdentity } from './session-tags.js';
import { checkTrust } from './trust-check.js';
import { buildTrustContext } from './trust-context.js';
import { validationMessage } from '../aws/validation-error.js';

export const ACTION = 'sts:AssumeRoleWithWebIdentity';
export const DECISION_ID_HEADER = 'x-trustbridge-decision-id';

export interface AssumeRoleWithWebIdentityDeps {
  directory: StsDirectory;
  sessionKeys: SessionKeyRing;
  /** Where verification keys come from (the JWKS cache in production). */
  tokenKeys: KeySource;
}

/** reference/aws-sts-iam.md §3.3: one answer for a missing role and for every trust failure. */
function notAuthorized(): AwsError {
  return new AwsError('AccessDenied', `Not authorized to perform ${ACTION}`, 403);
}

export function createAssumeRoleWithWebIdentity(deps: AssumeRoleWithWebIdentityDeps): ActionHandler {
  return async (params, ctx) => {
    const trail = new DecisionTrail();
    try {
      const result = await assume(params, ctx, deps, trail);
      await record(deps, ctx, params, trail, undefined);
      return result;
    } catch (err) {
      if (isAwsError(err)) await record(deps, ctx, params, trail, err);
      throw err;
    }
  };
}

async function assume(params: QueryParams, ctx: CallContext, deps: AssumeRoleWithWebIdentityDeps, trail: DecisionTrail): Promise<WireStruct> {
  const input = await step(trail, 'parameters', () => readAssumeWebIdentityInput(params));
  trail.sessionName = input.roleSessionName;
  await step(trail, 'session policy', () => checkInlineSessionPolicy(input.policy));

  const roleRef = parseRoleArn(input.roleArn);
  if (roleRef === undefined) return deny(trail, 'role', `${input.roleArn} does not name an IAM role`);

  const verified = await verifyToken(deps, trail, input, roleRef, ctx.now);
  const { provider, claims, audience } = verified;
  trail.providerArn = provider.arn;

  const role = await deps.directory.getRoleByArn(input.roleArn);
  if (role === undefined || role.accountId !== roleRef.accountId) return deny(trail, 'role', `no role ${input.roleArn}`);
  trail.pass('role', role.arn);

  const tags = await step(trail, 'session tags', () => readSessionTags(claims));
  const sourceIdentity = await step(trail, 'source identity', () => readSourceIdentity(claims));
  const context = buildTrustContext({ provider, claims, audience, sessionName: input.roleSessionName, sourceIp: ctx.sourceIp, now: ctx.now, tags, sourceIdentity });
  trail.details['context'] = context;

  const actions = [ACTION];
  if (tags !== undefined) actions.push('sts:TagSession');
  if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
  authorizeByTrustPolicy(trail, role, provider.arn, actions, context);

  if (input.durationSeconds > role.maxSessionDuration) {
    trail.fail('duration', `DurationSeconds ${input.durationSeconds} exceeds the role's MaxSessionDuration ${role.maxSessionDuration}`);
    throw validationMessage('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }

  const packedSize = await step(trail, 'packed size', () =>
    packedPolicySize({ policy: input.policy, policyArns: input.policyArns, tags: tags?.tags ?? [], transitiveTagKeys: tags?.transitiveTagKeys ?? [] }),
  );
  const sessionPolicies = await step(trail, 'policy arns', () => sessionPolicyDocuments(deps.directory, input.policy, input.policyArns));

  const credentials = mintSessionCredentials(
    {
      accountId: role.accountId,
      roleName: role.roleName,
      roleArn: role.arn,
      roleId: role.roleId,
      sessionName: input.roleSessionName,
      sessionPolicies,
      sourceIdentity: sourceIdentity ?? null,
      tags: tags?.tags ?? [],
      transitiveTagKeys: tags?.transitiveTagKeys ?? [],
      ...sessionWindow(ctx.now, input.durationSeconds),
    },
    deps.sessionKeys,
  );
  trail.details['session'] = { durationSeconds: input.durationSeconds, expiresAt: credentials.expiration, accessKeyId: credentials.accessKeyId, tags: tags ?? null, sourceIdentity: sourceIdentity ?? null, policyArns: input.policyArns };
  return assumeRoleWithWebIdentityResult({
    audience,
    assumedRoleId: `${role.roleId}:${input.roleSessionName}`,
    assumedRoleArn: assumedRoleArn(role.accountId, role.roleName, input.roleSessionName),
    providerArn: provider.arn,
    credentials,
    subject: String(claims['sub']),
    packedPolicySize: packedSize,
    sourceIdentity,
  });
}

/**
 * Each action must be allowed on its own: the assume itself, then sts:TagSession when the token
 * carries tags and sts:SetSourceIdentity when it carries a source identity (reference §4 step 9).
 */
function authorizeByTrustPolicy(trail: DecisionTrail, role: RoleRecord, providerArn: string, actions: readonly string[], context: RequestContext): void {
  for (const action of actions) {
    const answer = checkTrust({ role, providerArn, action, context });
    if (!answer.allowed) {
      trail.details['trust'] = answer.explanation;
      deny(trail, `trust policy (${action})`, answer.reason);
    }
    if (action === ACTION) trail.matchedStatement = answer.matchedStatement;
    trail.pass(`trust policy (${action})`, answer.reason);
  }
}

/** Whole seconds, as AWS's Expiration has no fraction (reference §1.3). */
function sessionWindow(now: Date, durationSeconds: number): { issuedAt: Date; expiresAt: Date } {
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return { issuedAt, expiresAt: new Date(issuedAt.getTime() + durationSeconds * 1000) };
}

/** The oidc module's own step list (issuer, audience, key, signature, times) goes into the record. */
async function verifyToken(deps: AssumeRoleWithWebIdentityDeps, trail: DecisionTrail, input: AssumeWebIdentityInput, roleRef: RoleRef, now: Date): Promise<VerifiedToken> {
  try {
    const verified = await step(trail, 'web identity token', () =>
      verifyWebIdentityToken(input.webIdentityToken, {
        // The provider must live in the role's account (reference §4 step 2).
        findProvider: (iss: string) => deps.directory.findOidcProviderByUrl(roleRef.accountId, iss),
        keys: deps.tokenKeys,
        now,
      }),
    );
    trail.details['token'] = verified.steps;
    noteClaims(trail, verified.claims);
    return verified;
  } catch (err) {
    if (err instanceof TokenRejected) trail.details['token'] = err.steps;
    noteUnverifiedClaims(trail, input.webIdentityToken);
    throw err;
  }
}

/**
 * A rejected token's payload still tells the log who it claimed to be, so it is decoded without
 * trust (the record's steps say it failed). The compact token and its signature are never kept.
 */
function noteUnverifiedClaims(trail: DecisionTrail, token: string): void {
  try {
    noteClaims(trail, parseToken(token).claims);
  } catch {
    // Not even a JWT: the steps say so.
  }
}

function noteClaims(trail: DecisionTrail, claims: JwtClaims): void {
  trail.details['claims'] = claims;
  if (typeof claims['iss'] === 'string') trail.issuer = claims['iss'];
  if (typeof claims['sub'] === 'string') trail.subject = claims['sub'];
}

function deny(trail: DecisionTrail, stepName: string, reason: string): never {
  trail.fail(stepName, reason);
  throw notAuthorized();
}

/** Runs one pipeline step, noting in the trail whether it passed or why it failed. */
async function step<T>(trail: DecisionTrail, name: string, run: () => T | Promise<T>): Promise<T> {
  try {
    const value = await run();
    trail.pass(name);
    return value;
  } catch (err) {
    trail.fail(name, failureDetail(err));
    throw err;
  }
}

function failureDetail(err: unknown): string {
  if (err instanceof OidcVerificationError) return `${err.reason}: ${err.detail}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Recording is part of the decision: if the log cannot be written the call fails rather than
 * issue credentials nobody can audit.
 */
async function record(deps: AssumeRoleWithWebIdentityDeps, ctx: CallContext, params: QueryParams, trail: DecisionTrail, error: AwsError | undefined): Promise<void> {
  const roleArn = params.string('RoleArn');
  if (roleArn === undefined) return;
  const id = randomUUID();
  const accountId = parseRoleArn(roleArn)?.accountId ?? ctx.accountId;
  await deps.directory.recordDecision(trail.toRecord({ id, time: ctx.now, accountId, action: ACTION, roleArn: roleArn.slice(0, 2048) }, error));
  ctx.responseHeaders[DECISION_ID_HEADER] = id;
}
