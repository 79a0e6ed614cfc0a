/**
 * The decision log's view of one pipeline run (the DecisionTrail the record is built from):
 * one entry per STS step, the token checks as one "web identity token" entry, the (possibly
 * unverified) claims, the trust context, and for a trust-policy refusal the engine's trace.
 * Nothing secret: no token, signature or credential.
 *
 * A refused token keeps its checks, in words, under details.token: they say which one failed
 * and what the ones before it found. A token that passed keeps only what its words would add
 * to the claims, the header's alg and kid (details.signingKey): the prose of eight passed checks
 * was a third of every allowed record, written thousands of times a second.
 */
import type { CheckResult, PipelineRun } from '../../aws/check-pipeline.js';
import type { AwsError } from '../../aws/error.js';
import { OidcVerificationError, TOKEN_GROUP, tokenSteps, tokenVerified } from '../../oidc/index.js';
import { ambiguousClaimNames } from '../ambiguous-claims.js';
import { DecisionTrail } from '../decision-trail.js';
import { compactContext } from '../recorded-context.js';
import { conditionKeyPrefix } from '../trust-context.js';
import type { WebIdentityFacts } from './facts.js';
import { ACTION, ExplainedFailure } from './failure.js';

export function decisionTrail(run: PipelineRun<WebIdentityFacts>): DecisionTrail {
  const trail = new DecisionTrail();
  const { facts, results } = run;
  const token = results.filter((r) => r.group === TOKEN_GROUP);
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    if (result.group !== TOKEN_GROUP) {
      note(trail, result);
    } else if (results[i + 1]?.group !== TOKEN_GROUP) {
      // The last token check: the group passed if it did.
      if (result.status === 'failed') trail.fail(TOKEN_GROUP, logDetail(result.error));
      else trail.pass(TOKEN_GROUP);
    }
  }
  if (facts.sessionName !== undefined) trail.sessionName = facts.sessionName;
  if (token.some((r) => r.status === 'failed')) trail.details['token'] = tokenSteps(token);
  else if (facts.header !== undefined) trail.details['signingKey'] = { alg: facts.header.alg, kid: facts.header.kid ?? null };
  // A rejected token's payload still says who it claimed to be (the steps say it failed).
  const claims = facts.parsed?.claims;
  if (claims !== undefined) {
    trail.details['claims'] = claims;
    if (typeof claims['iss'] === 'string') trail.issuer = claims['iss'];
    if (typeof claims['sub'] === 'string') trail.subject = claims['sub'];
  }
  if (tokenVerified(facts)) trail.providerArn = facts.provider.arn;
  // The context is built only once the claims and the provider are known.
  const { context, provider } = facts;
  if (context !== undefined && claims !== undefined && provider !== undefined) {
    Object.assign(trail.details, compactContext(context, claims, conditionKeyPrefix(provider.url)));
  }
  const dropped = claims !== undefined ? ambiguousClaimNames(claims) : [];
  if (dropped.length > 0) trail.details['droppedClaims'] = dropped;
  const refusal = run.failure?.error;
  if (refusal instanceof ExplainedFailure && refusal.trust !== undefined) trail.details['trust'] = refusal.trust.explanation;
  return trail;
}

function note(trail: DecisionTrail, result: CheckResult<WebIdentityFacts>): void {
  if (result.status === 'failed') {
    trail.fail(result.name, logDetail(result.error));
  } else if (result.status === 'passed') {
    trail.pass(result.name, result.logDetail);
    const answer = result.found.trustAnswer;
    if (answer !== undefined && result.name === `trust policy (${ACTION})`) trail.matchedStatement = answer.matchedStatement;
  }
}

/** The log's words for a failure: our reason and detail, never more than the wire for others. */
function logDetail(error: AwsError): string {
  if (error instanceof OidcVerificationError) return `${error.reason}: ${error.detail}`;
  if (error instanceof ExplainedFailure) return error.logDetail;
  return error.message;
}
