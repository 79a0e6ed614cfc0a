/**
 * explainAssume: why this web-identity token may or may not assume this role.
 *
 * It runs STS's own AssumeRoleWithWebIdentity checks (src/sts/pipeline/, the list STS runs to
 * its first failure) with runAll, and reports every step: the ones that could not run are
 * skipped with why. Nothing is recorded, no credentials are minted, and the wire answer
 * (awsError) is the first failure's — the one STS sends.
 *
 *   const report = await explainAssume({ token, roleArn, directory: store, keys: new JwksCache(), now: new Date() });
 *   report.decision, report.summary, report.steps, report.trust?.hints
 */
import { runAll, type PipelineRun } from '../../aws/check-pipeline.js';
import type { JwtClaims, KeySource } from '../../oidc/index.js';
import type { ExplainTrace, RequestContext } from '../../policy/index.js';
import {
  ExplainedFailure,
  WEB_IDENTITY_CHECKS,
  WEB_IDENTITY_MISSING_REASONS,
  type WebIdentityDirectory,
  type WebIdentityFacts,
  type TrustAnswer,
} from '../../sts/index.js';
import { lintTrustPolicy } from '../lint/lint-trust-policy.js';
import { withGitlabHints } from './gitlab-hints.js';
import type { ExplainReport, ExplainStep, WireError } from './report.js';
import { explainSteps } from './step-log.js';

/** What explain reads: the same two look-ups STS makes (the Store satisfies it). */
export type ExplainDirectory = WebIdentityDirectory;

export interface ExplainAssumeInput {
  token: string;
  roleArn: string;
  directory: ExplainDirectory;
  /** Where verification keys come from; undefined skips the key and signature steps (loudly). */
  keys: KeySource | undefined;
  now: Date;
  /** sts:RoleSessionName in the trust context; defaults to "trustbridge-explain". */
  sessionName?: string;
  /** aws:SourceIp in the trust context; defaults to 127.0.0.1. */
  sourceIp?: string;
}

export const SKIPPED_SIGNATURE_WARNING =
  'SIGNATURE NOT VERIFIED (--skip-signature): anyone can write these claims; this explanation assumes the token is genuine.';

export async function explainAssume(input: ExplainAssumeInput): Promise<ExplainReport> {
  const seed: Partial<WebIdentityFacts> = {
    token: input.token,
    roleArn: input.roleArn,
    sessionName: input.sessionName ?? 'trustbridge-explain',
    sourceIp: input.sourceIp ?? '127.0.0.1',
    now: input.now,
    ...(input.keys === undefined ? {} : { keys: input.keys }),
  };
  const run = await runAll(WEB_IDENTITY_CHECKS, seed, { directory: input.directory, traceTrust: true }, WEB_IDENTITY_MISSING_REASONS);
  const warnings = input.keys === undefined ? [SKIPPED_SIGNATURE_WARNING] : [];
  const { role, context } = run.facts;
  const trust = role === undefined || context === undefined || !trustEvaluated(run)
    ? undefined
    : { context, trust: shownTrace(run, role.assumeRolePolicyDocument), findings: lintTrustPolicy(role.assumeRolePolicyDocument) };
  return finish(input, explainSteps(run), warnings, run.facts.parsed?.claims ?? {}, trust);
}

function trustEvaluated(run: PipelineRun<WebIdentityFacts>): boolean {
  return run.results.some((r) => r.name.startsWith('trust policy (') && r.status !== 'skipped');
}

/** The trace worth showing, with GitLab's hints: the first denied action's, else the main action's. */
function shownTrace(run: PipelineRun<WebIdentityFacts>, trustPolicyDocument: string): ExplainTrace | undefined {
  const answers = run.results.flatMap((r): TrustAnswer[] => {
    if (r.status === 'passed' && r.found.trustAnswer !== undefined) return [r.found.trustAnswer];
    if (r.status === 'failed' && r.error instanceof ExplainedFailure && r.error.trust !== undefined) return [r.error.trust];
    return [];
  });
  const shown = (answers.find((a) => !a.allowed) ?? answers[0])?.explanation;
  return shown === undefined ? undefined : withGitlabHints(shown, trustPolicyDocument);
}

interface TrustParts {
  context: RequestContext;
  trust: ExplainTrace | undefined;
  findings: ExplainReport['findings'];
}

interface StepsSeen {
  steps: ExplainStep[];
  firstError: WireError | undefined;
}

function finish(input: ExplainAssumeInput, log: StepsSeen, warnings: string[], claims: JwtClaims, trust: TrustParts | undefined): ExplainReport {
  const denied = log.steps.some((s) => !s.ok && s.skipped !== true);
  const iss = claims['iss'];
  const sub = claims['sub'];
  // Built in reading order: --json prints the verdict first, details after.
  return {
    decision: denied ? 'denied' : 'allowed',
    summary: summarize(input, log, claims, trust?.trust),
    ...(denied && log.firstError !== undefined ? { awsError: log.firstError } : {}),
    roleArn: input.roleArn,
    ...(typeof iss === 'string' ? { issuer: iss } : {}),
    ...(typeof sub === 'string' ? { subject: sub } : {}),
    steps: log.steps,
    ...(trust !== undefined ? { context: trust.context } : {}),
    ...(trust?.trust !== undefined ? { trust: trust.trust } : {}),
    findings: trust?.findings ?? [],
    warnings,
  };
}

function summarize(input: ExplainAssumeInput, log: StepsSeen, claims: JwtClaims, trust: ExplainTrace | undefined): string {
  const who = typeof claims['sub'] === 'string' ? JSON.stringify(claims['sub']) : 'the token';
  const failure = log.steps.find((s) => !s.ok && s.skipped !== true);
  if (failure === undefined) {
    const how = trust?.summary ?? 'allowed';
    const unchecked = input.keys === undefined ? ' (signature NOT checked)' : '';
    return `Allowed${unchecked}: ${who} may assume ${input.roleArn}; ${lowerFirst(how)}`;
  }
  const code = log.firstError?.code ?? 'AccessDenied';
  return `Denied (${code}) at step "${failure.name}": ${failure.detail.replace(/^Denied: /, '')}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
