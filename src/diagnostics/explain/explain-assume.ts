/**
 * explainAssume: why this web-identity token may or may not assume this role.
 *
 * It runs the AssumeRoleWithWebIdentity pipeline with the very functions STS runs — the oidc
 * verification steps, STS's session-tag readers and trust-context builder, the policy engine's
 * explain() — in AWS's order (reference/aws-sts-iam.md §4), and reports every step. Nothing is
 * recorded, no credentials are minted, and the wire answer (awsError) is the first failure's.
 *
 *   const report = await explainAssume({ token, roleArn, directory: store, keys: new JwksCache(), now: new Date() });
 *   report.decision, report.summary, report.steps, report.trust?.hints
 */
import type { KeyObject } from 'node:crypto';
import type { OidcProviderRecord, RoleRecord } from '../../store/records.js';
import {
  checkAudience,
  checkHeader,
  checkRequiredClaims,
  checkTimes,
  parseToken,
  selectProvider,
  verifySignature,
  type KeySource,
} from '../../oidc/index.js';
import type { JwtClaims } from '../../oidc/token.js';
import { compilePolicy, explain, type ExplainTrace, type RequestContext } from '../../policy/index.js';
import { ACTION, buildTrustContext, parseRoleArn, readSessionTags, readSourceIdentity, type SessionTags } from '../../sts/index.js';
import { isAwsError } from '../../aws/error.js';
import { lintTrustPolicy } from '../lint/lint-trust-policy.js';
import { GITLAB_HINTS } from './gitlab-hints.js';
import type { ExplainReport } from './report.js';
import { StepLog } from './step-log.js';

/** What explain reads: the same two look-ups STS makes (the Store satisfies it). */
export interface ExplainDirectory {
  findOidcProviderByUrl(accountId: string, url: string): Promise<OidcProviderRecord | undefined>;
  getRoleByArn(arn: string): Promise<RoleRecord | undefined>;
}

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

/** reference/aws-sts-iam.md §3.3: one answer for a missing role and for every trust failure. */
const ACCESS_DENIED = { code: 'AccessDenied', message: `Not authorized to perform ${ACTION}` };

export const SKIPPED_SIGNATURE_WARNING =
  'SIGNATURE NOT VERIFIED (--skip-signature): anyone can write these claims; this explanation assumes the token is genuine.';

export async function explainAssume(input: ExplainAssumeInput): Promise<ExplainReport> {
  const log = new StepLog();
  const warnings: string[] = [];
  const roleRef = parseRoleArn(input.roleArn);
  if (roleRef === undefined) log.fail('role', `${input.roleArn} does not name an IAM role`, ACCESS_DENIED);

  const parsed = await log.run('parse', () => parseToken(input.token), () => 'a compact JWS with a JSON header and payload');
  if (parsed === undefined) {
    for (const name of ['header', 'claims', 'issuer', 'audience', 'key', 'signature', 'times', 'trust policy']) log.skip(name, 'the token could not be decoded');
    return finish(input, log, warnings, {});
  }
  const { claims } = parsed;
  const header = await log.run('header', () => checkHeader(parsed.header), (h) => `alg ${h.alg}, kid ${h.kid ?? '(none)'}`);
  await log.run('claims', () => checkRequiredClaims(claims), (c) => `iss ${c.iss}, sub ${c.sub}, aud ${JSON.stringify(c.aud)}, exp present`);

  const iss = typeof claims['iss'] === 'string' ? claims['iss'] : undefined;
  let provider: OidcProviderRecord | undefined;
  if (roleRef === undefined || iss === undefined) {
    log.skip('issuer', roleRef === undefined ? 'no account to look the provider up in (the role ARN is not a role)' : 'the token has no usable iss');
  } else {
    provider = await log.run('issuer', () => selectProvider(iss, (url) => input.directory.findOidcProviderByUrl(roleRef.accountId, url)),
      (p) => `provider ${p.arn} (client IDs ${JSON.stringify(p.clientIds)})`);
  }

  let audience: string | undefined;
  let key: KeyObject | undefined;
  if (provider === undefined) {
    for (const name of ['audience', 'key', 'signature']) log.skip(name, 'needs the OIDC provider');
  } else {
    const p = provider;
    audience = await log.run('audience', () => checkAudience(claims, p), (a) => `${JSON.stringify(a)} is a client ID of the provider`);
    if (input.keys === undefined) {
      log.skip('key', 'skipped on request (--skip-signature)');
    } else if (header !== undefined) {
      const keys = input.keys;
      key = await log.run('key', () => keys.getKey(p, header), () => (p.staticJwks !== null ? "found in the provider's static JWKS" : "found in the issuer's JWKS"));
    } else {
      log.skip('key', 'needs a valid header (alg, kid)');
    }
    if (key !== undefined && header !== undefined) {
      const k = key;
      await log.run('signature', () => verifySignature(parsed, header.alg, k), () => `${header.alg} signature verifies`);
    } else {
      log.skip('signature', input.keys === undefined ? 'skipped on request (--skip-signature)' : 'needs the verification key');
    }
  }
  if (input.keys === undefined) warnings.push(SKIPPED_SIGNATURE_WARNING);
  await log.run('times', () => checkTimes(claims, input.now), (t) => `exp ${new Date(t.exp * 1000).toISOString()} is not past (with the allowed clock skew)`);

  const role = roleRef === undefined ? undefined : await findRole(input, roleRef.accountId, log);
  const tags = await log.run('session tags', () => readSessionTags(claims), (t) => (t === undefined ? 'none requested' : `${t.tags.length} tag(s)`));
  const sourceIdentity = await log.run('source identity', () => readSourceIdentity(claims), (s) => (s === undefined ? 'none requested' : s));

  if (role === undefined || provider === undefined) {
    log.skip('trust policy', role === undefined ? 'needs the role' : 'needs the OIDC provider');
    return finish(input, log, warnings, claims);
  }
  const context = buildTrustContext({
    provider,
    claims,
    audience: audience ?? unverifiedAudience(claims),
    sessionName: input.sessionName ?? 'trustbridge-explain',
    sourceIp: input.sourceIp ?? '127.0.0.1',
    now: input.now,
    tags,
    sourceIdentity,
  });
  const trust = evaluateTrust(role, provider, context, actionsFor(tags, sourceIdentity), log);
  return finish(input, log, warnings, claims, { context, trust, findings: lintTrustPolicy(role.assumeRolePolicyDocument) });
}

async function findRole(input: ExplainAssumeInput, accountId: string, log: StepLog): Promise<RoleRecord | undefined> {
  const role = await input.directory.getRoleByArn(input.roleArn);
  if (role === undefined || role.accountId !== accountId) {
    log.fail('role', `no role ${input.roleArn}`, ACCESS_DENIED);
    return undefined;
  }
  log.pass('role', role.arn);
  return role;
}

/** The same extra actions STS checks (reference/iam-policy-language.md §3.3, session tags). */
function actionsFor(tags: SessionTags | undefined, sourceIdentity: string | undefined): string[] {
  const actions = [ACTION];
  if (tags !== undefined) actions.push('sts:TagSession');
  if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
  return actions;
}

/**
 * One explain() per action, as STS evaluates them. Returns the trace worth showing: the first
 * denied action's, else the main action's.
 */
function evaluateTrust(role: RoleRecord, provider: OidcProviderRecord, context: RequestContext, actions: string[], log: StepLog): ExplainTrace | undefined {
  let trustPolicy;
  try {
    // The same policy id STS uses, so explanations and the decision log name statements alike.
    trustPolicy = compilePolicy(role.assumeRolePolicyDocument, 'trust', `${role.arn} trust policy`);
  } catch (err) {
    if (!isAwsError(err)) throw err;
    log.fail('trust policy', `the stored trust policy does not compile: ${err.message}`, ACCESS_DENIED);
    return undefined;
  }
  let shown: ExplainTrace | undefined;
  for (const action of actions) {
    const trace = explain({
      request: { action, resource: role.arn, principal: { type: 'Federated', id: provider.arn }, context },
      identityPolicies: [],
      trustPolicy,
    }, [GITLAB_HINTS]);
    const name = `trust policy (${action})`;
    if (trace.decision === 'allowed') {
      log.pass(name, trace.summary);
      shown ??= trace;
    } else {
      log.fail(name, trace.summary, ACCESS_DENIED);
      if (shown === undefined || shown.decision === 'allowed') shown = trace;
    }
  }
  return shown;
}

/**
 * When the audience step failed, the trust policy is still evaluated (to show what else would
 * fail) with the value STS would have matched: `azp` if present, else the first `aud`.
 */
function unverifiedAudience(claims: JwtClaims): string {
  const { azp, aud } = claims;
  if (typeof azp === 'string') return azp;
  if (typeof aud === 'string') return aud;
  return Array.isArray(aud) && typeof aud[0] === 'string' ? aud[0] : '';
}

interface TrustParts {
  context: RequestContext;
  trust: ExplainTrace | undefined;
  findings: ExplainReport['findings'];
}

function finish(input: ExplainAssumeInput, log: StepLog, warnings: string[], claims: JwtClaims, trust?: TrustParts): ExplainReport {
  const denied = log.failed;
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

function summarize(input: ExplainAssumeInput, log: StepLog, claims: JwtClaims, trust: ExplainTrace | undefined): string {
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
