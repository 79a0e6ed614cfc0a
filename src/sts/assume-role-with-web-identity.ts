/**
 * sts:AssumeRoleWithWebIdentity: runs the pipeline (src/sts/pipeline/: parameters → session
 * policy → role ARN → token → role → session tags and source identity → trust policy per
 * action → duration → packed size → session policies) to the first failure, records the
 * decision, and mints the session.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 *
 * Every decision taken once a RoleArn is known is recorded, allowed or denied; the client only
 * ever sees AWS's error, while the record says why.
 */
import { runToFirstFailure, type PipelineRun } from '../aws/check-pipeline.js';
import { assumedRoleArn } from '../aws/arn.js';
import type { AwsError } from '../aws/error.js';
import type { QueryParams } from '../aws/query-params.js';
import type { ActionHandler, CallContext } from '../aws/service.js';
import type { WireStruct } from '../aws/shape.js';
import type { KeySource } from '../oidc/index.js';
import { assumeRoleWithWebIdentityResult } from './assume-response.js';
import type { SessionKeyRing } from './credentials/key-ring.js';
import { mintRoleSession } from './credentials/mint-role-session.js';
import { recordTrail, type DecisionTrail } from './decision-trail.js';
import { throttled, UnverifiedCallLimiter } from './unverified-call-limiter.js';
import { ACTION, decisionTrail, STS_CHECKS, type StsEnv, type WebIdentityFacts } from './pipeline/index.js';
import type { StsDirectory } from './ports.js';
import { parseRoleArn } from './role-arn.js';


export interface AssumeRoleWithWebIdentityDeps {
  directory: StsDirectory;
  sessionKeys: SessionKeyRing;
  /** Where verification keys come from (the JWKS cache in production). */
  tokenKeys: KeySource;
  /** Throttles, per source address, calls no registered provider vouched for; default 50/s, burst 200. */
  unverifiedCalls?: UnverifiedCallLimiter;
}

export function createAssumeRoleWithWebIdentity(deps: AssumeRoleWithWebIdentityDeps): ActionHandler {
  const env: StsEnv = { directory: deps.directory };
  const limiter = deps.unverifiedCalls ?? new UnverifiedCallLimiter();
  return async (params, ctx) => {
    const run = await runToFirstFailure(STS_CHECKS, { params, now: ctx.now, sourceIp: ctx.sourceIp, keys: deps.tokenKeys }, env);
    const trail = decisionTrail(run);
    if (run.failure !== undefined) {
      // Past its allowance an address's unvouched failures are answered as throttled, unrecorded.
      if (trail.providerArn === null && !limiter.spend(ctx.sourceIp)) throw throttled();
      await record(deps, ctx, params, trail, run.failure.error, run.facts.role?.accountId);
      throw run.failure.error;
    }
    const result = issueSession(run, ctx, deps, trail);
    await record(deps, ctx, params, trail, undefined, run.facts.role?.accountId);
    return result;
  };
}

/** Every check passed: mint the credentials and answer as AWS does. */
function issueSession(run: PipelineRun<WebIdentityFacts>, ctx: CallContext, deps: AssumeRoleWithWebIdentityDeps, trail: DecisionTrail): WireStruct {
  const { input, role, provider, audience, parsed, tags, sourceIdentity, packedSize, sessionPolicies } = run.facts;
  if (input === undefined || role === undefined || provider === undefined || audience === undefined || parsed === undefined || sessionPolicies === undefined) {
    throw new Error('the AssumeRoleWithWebIdentity checks passed without finding what a session needs');
  }
  const credentials = mintRoleSession(
    role,
    { sessionName: input.roleSessionName, sessionPolicies, sourceIdentity, tags: tags?.tags ?? [], transitiveTagKeys: tags?.transitiveTagKeys ?? [], now: ctx.now, durationSeconds: input.durationSeconds },
    deps.sessionKeys,
  );
  trail.details['session'] = { durationSeconds: input.durationSeconds, expiresAt: credentials.expiration, accessKeyId: credentials.accessKeyId, tags: tags ?? null, sourceIdentity: sourceIdentity ?? null, policyArns: input.policyArns };
  return assumeRoleWithWebIdentityResult({
    audience,
    assumedRoleId: `${role.roleId}:${input.roleSessionName}`,
    assumedRoleArn: assumedRoleArn(role.accountId, role.roleName, input.roleSessionName),
    providerArn: provider.arn,
    credentials,
    subject: String(parsed.claims['sub']),
    packedPolicySize: packedSize,
    sourceIdentity,
  });
}

/** Every decision that names a RoleArn is recorded (decision-trail.ts's recordTrail). */
async function record(
  deps: AssumeRoleWithWebIdentityDeps,
  ctx: CallContext,
  params: QueryParams,
  trail: DecisionTrail,
  error: AwsError | undefined,
  /** The account of the role the ARN named, when it was found (its ARN is the one given). */
  roleAccountId: string | undefined,
): Promise<void> {
  const roleArn = params.string('RoleArn');
  if (roleArn === undefined) return;
  // Filed under the role's account only once a provider of that account vouched for the token;
  // otherwise under this deployment's, so caller-chosen account ids cannot hide records.
  const accountId = trail.providerArn !== null ? (roleAccountId ?? parseRoleArn(roleArn)?.accountId ?? ctx.accountId) : ctx.accountId;
  await recordTrail(deps.directory, ctx, trail, { accountId, action: ACTION, roleArn }, error);
}
