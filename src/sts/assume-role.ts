/**
 * sts:AssumeRole: a signed caller (the admin key, i.e. the account, or an assumed-role session)
 * asks for a session of another role. The target's trust policy is evaluated for the caller as
 * an AWS principal with the same check web identity uses (trust-check.ts); the caller's own
 * permission to sts:AssumeRole on the role is checked by call authorisation before this runs
 * (src/stack/authorizer.ts). A session assuming a role is role chaining: its transitive tags and
 * source identity are carried into the new session and the new session lasts at most an hour.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
 */
import { assumedRoleArn } from '../aws/arn.js';
import { AwsError } from '../aws/error.js';
import type { ActionHandler, CallContext, Caller } from '../aws/service.js';
import type { WireStruct } from '../aws/shape.js';
import type { ContextValue, RequestContext } from '../policy/index.js';
import type { RoleRecord, Tag } from '../store/records.js';
import { readAssumeRoleInput, type AssumeRoleInput } from './assume-role-input.js';
import { assumeRoleResult } from './assume-response.js';
import type { SessionKeyRing } from './credentials/key-ring.js';
import { mintRoleSession } from './credentials/mint-role-session.js';
import { DecisionTrail, recordTrail } from './decision-trail.js';
import { packedPolicySize } from './packed-size.js';
import type { StsDirectory } from './ports.js';
import { parseRoleArn } from './role-arn.js';
import { checkInlineSessionPolicy, sessionPolicyDocuments } from './session-policies.js';
import { invalidParameterValue } from './session-tags.js';
import { checkTrust, type TrustPrincipal } from './trust-check.js';
import { validationMessage } from '../aws/validation-error.js';

export const ASSUME_ROLE_ACTION = 'sts:AssumeRole';

/** "Role chaining limits your AWS CLI or AWS API role session to a maximum of one hour" (IAM user guide, id_roles_use). */
export const CHAINED_SESSION_MAX_SECONDS = 3600;

type SignedCaller = Exclude<Caller, { kind: 'anonymous' }>;

export interface AssumeRoleDeps {
  directory: StsDirectory;
  sessionKeys: SessionKeyRing;
}

export function createAssumeRole(deps: AssumeRoleDeps): ActionHandler {
  return async (params, ctx) => {
    const caller = ctx.caller;
    if (caller.kind === 'anonymous') throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    const input = readAssumeRoleInput(params);
    checkInlineSessionPolicy(input.policy);
    const trail = new DecisionTrail();
    trail.sessionName = input.roleSessionName;
    trail.subject = caller.arn;
    try {
      const result = await assume(deps, ctx, caller, input, trail);
      await record(deps, ctx, input.roleArn, trail, undefined);
      return result;
    } catch (err) {
      if (err instanceof AwsError) await record(deps, ctx, input.roleArn, trail, err);
      throw err;
    }
  };
}

async function assume(
  deps: AssumeRoleDeps,
  ctx: CallContext,
  caller: SignedCaller,
  input: AssumeRoleInput,
  trail: DecisionTrail,
): Promise<WireStruct> {
  const role = parseRoleArn(input.roleArn) === undefined ? undefined : await deps.directory.getRoleByArn(input.roleArn);
  // A missing role is answered like a trust refusal, so its existence does not leak.
  if (role === undefined)
    return refuse(trail, 'role', `no role ${input.roleArn}`, notAuthorized(caller, ASSUME_ROLE_ACTION, input.roleArn));
  trail.pass('role', role.arn);

  const chain = inherited(caller);
  const transitive = new Set(chain.tags.map((t) => t.key.toLowerCase()));
  const overridden = input.tags.find((t) => transitive.has(t.key.toLowerCase()));
  if (overridden !== undefined) {
    // UNVERIFIED wording: the rule is AWS's (id_session-tags, "Chaining roles with session tags"), no capture of its text.
    return refuse(
      trail,
      'session tags',
      `tag ${overridden.key} would override an incoming transitive tag`,
      invalidParameterValue('The session tag key cannot override an incoming transitive tag key.'),
    );
  }
  if (input.sourceIdentity !== undefined && chain.sourceIdentity !== undefined && input.sourceIdentity !== chain.sourceIdentity) {
    // UNVERIFIED wording: a source identity "cannot be changed" once set (id_credentials_temp_control-access_monitor).
    return refuse(
      trail,
      'source identity',
      `the session's source identity is ${chain.sourceIdentity}`,
      invalidParameterValue('The source identity of a session cannot be changed once set.'),
    );
  }
  const sourceIdentity = chain.sourceIdentity ?? input.sourceIdentity;
  const tags = [...chain.tags, ...input.tags];
  const transitiveTagKeys = [...chain.tags.map((t) => t.key), ...input.transitiveTagKeys];

  const principal = trustPrincipal(caller);
  const context = trustContext(caller, input, ctx, sourceIdentity);
  for (const action of requiredActions(input, sourceIdentity)) {
    const answer = checkTrust({ role, principal, action, context });
    if (!answer.allowed) {
      if (answer.explanation !== undefined) trail.details['trust'] = answer.explanation;
      return refuse(trail, `trust policy (${action})`, answer.reason, notAuthorized(caller, action, role.arn));
    }
    trail.pass(`trust policy (${action})`, answer.reason);
    if (action === ASSUME_ROLE_ACTION) trail.matchedStatement = answer.matchedStatement;
  }

  checkDuration(input.durationSeconds, role, caller.kind === 'assumed-role', trail);
  const packedSize = packedPolicySize({ policy: input.policy, policyArns: input.policyArns, tags, transitiveTagKeys });
  const sessionPolicies = await sessionPolicyDocuments(deps.directory, input.policy, input.policyArns);
  const credentials = mintRoleSession(
    role,
    {
      sessionName: input.roleSessionName,
      sessionPolicies,
      sourceIdentity,
      tags,
      transitiveTagKeys,
      now: ctx.now,
      durationSeconds: input.durationSeconds,
    },
    deps.sessionKeys,
  );
  trail.details['session'] = {
    durationSeconds: input.durationSeconds,
    expiresAt: credentials.expiration,
    accessKeyId: credentials.accessKeyId,
    tags,
    transitiveTagKeys,
    sourceIdentity: sourceIdentity ?? null,
    policyArns: input.policyArns,
    chained: caller.kind === 'assumed-role',
  };
  return assumeRoleResult({
    credentials,
    assumedRoleId: `${role.roleId}:${input.roleSessionName}`,
    assumedRoleArn: assumedRoleArn(role.accountId, role.roleName, input.roleSessionName),
    packedPolicySize: packedSize,
    sourceIdentity,
  });
}

/** What a chained session inherits: its transitive tags and its source identity. */
function inherited(caller: SignedCaller): { tags: Tag[]; sourceIdentity: string | undefined } {
  if (caller.kind !== 'assumed-role') return { tags: [], sourceIdentity: undefined };
  const keys = new Set((caller.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  return {
    tags: (caller.sessionTags ?? []).filter((t) => keys.has(t.key.toLowerCase())),
    sourceIdentity: caller.sourceIdentity ?? undefined,
  };
}

/**
 * A session is named by its session ARN and matched by its role's ARN too; the admin key is the
 * account, which a trust policy names as `ACCT` or `arn:aws:iam::ACCT:root`.
 */
function trustPrincipal(caller: SignedCaller): TrustPrincipal {
  return caller.kind === 'assumed-role' ? { type: 'AWS', id: caller.arn, alsoKnownAs: [caller.roleArn] } : { type: 'AWS', id: caller.arn };
}

/** The keys AssumeRole's trust policy can test (IAM user guide, reference_policies_iam-condition-keys and condition-keys). */
function trustContext(caller: SignedCaller, input: AssumeRoleInput, ctx: CallContext, sourceIdentity: string | undefined): RequestContext {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': `${ctx.now.toISOString().slice(0, 19)}Z`,
    'aws:EpochTime': Math.floor(ctx.now.getTime() / 1000),
    'aws:SourceIp': ctx.sourceIp,
    'aws:PrincipalAccount': caller.accountId,
    'aws:userid': caller.userId,
    'sts:RoleSessionName': input.roleSessionName,
  };
  if (caller.kind === 'assumed-role') {
    context['aws:PrincipalArn'] = caller.roleArn;
    context['aws:PrincipalType'] = 'AssumedRole';
    // The caller's session tags, the incoming transitive ones among them, are its principal tags.
    for (const tag of caller.sessionTags ?? []) context[`aws:PrincipalTag/${tag.key}`] = tag.value;
    if (caller.sourceIdentity) context['aws:SourceIdentity'] = caller.sourceIdentity;
  } else {
    context['aws:PrincipalArn'] = caller.arn;
    context['aws:PrincipalType'] = 'Account';
  }
  if (input.externalId !== undefined) context['sts:ExternalId'] = input.externalId;
  if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
  if (input.tags.length > 0) {
    for (const tag of input.tags) context[`aws:RequestTag/${tag.key}`] = tag.value;
    context['aws:TagKeys'] = input.tags.map((t) => t.key);
    context['sts:TransitiveTagKeys'] = input.transitiveTagKeys;
  }
  return context;
}

/**
 * sts:TagSession when tags are passed; sts:SetSourceIdentity whenever the session will carry one,
 * inherited included ("permissions for sts:SetSourceIdentity are required … in the role trust
 * policy" when chaining, id_credentials_temp_control-access_monitor).
 */
function requiredActions(input: AssumeRoleInput, sourceIdentity: string | undefined): string[] {
  const actions = [ASSUME_ROLE_ACTION];
  if (input.tags.length > 0) actions.push('sts:TagSession');
  if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
  return actions;
}

function checkDuration(durationSeconds: number, role: RoleRecord, chained: boolean, trail: DecisionTrail): void {
  if (durationSeconds > role.maxSessionDuration) {
    refuse(
      trail,
      'duration',
      `DurationSeconds ${durationSeconds} exceeds the role's MaxSessionDuration ${role.maxSessionDuration}`,
      validationMessage('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
    );
  }
  if (chained && durationSeconds > CHAINED_SESSION_MAX_SECONDS) {
    refuse(
      trail,
      'duration',
      `DurationSeconds ${durationSeconds} exceeds the one hour a chained session may last`,
      validationMessage('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'),
    );
  }
}

/** AWS's trust refusal names the caller, the action that was refused and the role. */
export function notAuthorized(caller: SignedCaller, action: string, roleArn: string): AwsError {
  return new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${roleArn}`, 403);
}

function refuse(trail: DecisionTrail, step: string, reason: string, error: AwsError): never {
  trail.fail(step, reason);
  throw error;
}

/** Every decision on a role ARN is recorded, filed under the signed caller's account. */
async function record(
  deps: AssumeRoleDeps,
  ctx: CallContext,
  roleArn: string,
  trail: DecisionTrail,
  error: AwsError | undefined,
): Promise<void> {
  await recordTrail(deps.directory, ctx, trail, { accountId: ctx.accountId, action: ASSUME_ROLE_ACTION, roleArn }, error);
}
