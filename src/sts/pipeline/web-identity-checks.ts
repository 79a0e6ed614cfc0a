/**
 * The AssumeRoleWithWebIdentity checks from the role ARN to the trust policy, declared once, in
 * the order AWS applies them: the role ARN, the token (oidc's checks: parse, header, claims,
 * issuer, audience, key, signature, times), the role, the session tags and source identity the
 * token asks for, then the trust policy — once per action the call needs (sts:TagSession and
 * sts:SetSourceIdentity only when asked for).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 *
 * STS runs them (with its parameter checks before and its session checks after, sts-checks.ts)
 * to the first failure; `trustbridge explain` runs them all.
 */
import { defineCheck, defineFanOut, type Check, type MissingReasons } from '../../aws/check-pipeline.js';
import { TOKEN_MISSING_REASONS, tokenChecks, type JwtClaims } from '../../oidc/index.js';
import { parseRoleArn } from '../role-arn.js';
import { readSessionTags, readSourceIdentity } from '../session-tags.js';
import { checkTrust } from '../trust-check.js';
import { buildTrustContext } from '../trust-context.js';
import type { WebIdentityEnv, WebIdentityFacts } from './facts.js';
import { ACTION, notAuthorized } from './failure.js';

type F = WebIdentityFacts;
type E = WebIdentityEnv;

/** Silent when it passes: the role step after the token says which role. */
const roleArn = defineCheck<F, E, 'roleArn', 'roleRef' | 'findProvider'>({
  name: 'role',
  needs: ['roleArn'],
  run: ({ roleArn: arn }, { directory }) => {
    const roleRef = parseRoleArn(arn);
    if (roleRef === undefined) throw notAuthorized(`${arn} does not name an IAM role`);
    // The provider must be registered in the role's account (the "No OpenIDConnect provider found in your account" text).
    return { roleRef, findProvider: (iss: string) => directory.findOidcProviderByUrl(roleRef.accountId, iss) };
  },
});

const role = defineCheck<F, E, 'roleArn' | 'roleRef', 'role'>({
  name: 'role',
  needs: ['roleArn', 'roleRef'],
  run: async ({ roleArn: arn, roleRef }, { directory }) => {
    const found = await directory.getRoleByArn(arn);
    if (found === undefined || found.accountId !== roleRef.accountId) throw notAuthorized(`no role ${arn}`);
    return { role: found };
  },
  describe: ({ role: r }) => r.arn,
  logDetail: ({ role: r }) => r.arn,
});

const sessionTags = defineCheck<F, E, 'parsed', 'tags'>({
  name: 'session tags',
  needs: ['parsed'],
  run: ({ parsed }) => ({ tags: readSessionTags(parsed.claims) }),
  describe: ({ tags }) => (tags === undefined ? 'none requested' : `${tags.tags.length} tag(s)`),
});

const sourceIdentity = defineCheck<F, E, 'parsed', 'sourceIdentity'>({
  name: 'source identity',
  needs: ['parsed'],
  run: ({ parsed }) => ({ sourceIdentity: readSourceIdentity(parsed.claims) }),
  describe: ({ sourceIdentity: s }) => s ?? 'none requested',
});

/**
 * Silent: the trust context and the actions to authorise. Tags or a source identity that failed
 * their own check count as not asked for, so explain still evaluates the trust policy.
 */
const trustContext = defineCheck<F, E, 'parsed' | 'provider' | 'sessionName' | 'sourceIp' | 'now', 'principal' | 'context' | 'actions'>({
  name: 'trust context',
  needs: ['parsed', 'provider', 'sessionName', 'sourceIp', 'now'],
  run: (facts) => {
    const { provider, parsed, tags, sourceIdentity: source } = facts;
    const context = buildTrustContext({
      provider,
      claims: parsed.claims,
      audience: facts.audience ?? unverifiedAudience(parsed.claims),
      sessionName: facts.sessionName,
      sourceIp: facts.sourceIp,
      now: facts.now,
      tags,
      sourceIdentity: source,
    });
    const actions = [ACTION];
    if (tags !== undefined) actions.push('sts:TagSession');
    if (source !== undefined) actions.push('sts:SetSourceIdentity');
    return { principal: { type: 'Federated', id: provider.arn }, context, actions };
  },
});

/**
 * The trust policy must allow one action for the principal. Reusable for any principal type:
 * it reads the principal, role and context facts, whoever found them.
 */
export function trustPolicyCheck(action: string): Check<F, E> {
  return defineCheck<F, E, 'role' | 'principal' | 'context', 'trustAnswer'>({
    name: `trust policy (${action})`,
    needs: ['role', 'principal', 'context'],
    run: ({ role: r, principal, context }, { traceTrust }) => {
      const answer = checkTrust({ role: r, principal, action, context, trace: traceTrust === true });
      // explain shows the engine's own sentence; the decision log keeps the action with it.
      if (!answer.allowed) throw notAuthorized(answer.explanation?.summary ?? answer.reason, answer.reason, answer);
      return { trustAnswer: answer };
    },
    describe: ({ trustAnswer: a }) => a.explanation?.summary ?? a.reason,
    logDetail: ({ trustAnswer: a }) => a.reason,
  });
}

/** One check per action; shown as one skipped "trust policy" when it cannot run. */
const trustPolicy = defineFanOut<F, E, 'parsed' | 'role' | 'provider' | 'context' | 'actions'>({
  name: 'trust policy',
  needs: ['parsed', 'role', 'provider', 'context', 'actions'],
  expand: ({ actions }) => actions.map(trustPolicyCheck),
});

/**
 * When the audience check failed, explain still evaluates the trust policy (to show what else
 * would fail) with the value STS would have matched: `azp` if present, else the first `aud`.
 */
function unverifiedAudience(claims: JwtClaims): string {
  const { azp, aud } = claims;
  if (typeof azp === 'string') return azp;
  if (typeof aud === 'string') return aud;
  return Array.isArray(aud) && typeof aud[0] === 'string' ? aud[0] : '';
}

export const WEB_IDENTITY_CHECKS: ReadonlyArray<Check<F, E>> = [
  roleArn,
  ...tokenChecks<F, E>(),
  role,
  sessionTags,
  sourceIdentity,
  trustContext,
  trustPolicy,
];

/** Why a check could not run, by the fact it lacks (for explain's runAll). */
export const WEB_IDENTITY_MISSING_REASONS: MissingReasons<F> = {
  ...TOKEN_MISSING_REASONS,
  findProvider: 'no account to look the provider up in (the role ARN is not a role)',
  // The role ARN check already failed, and said why.
  roleRef: null,
  role: 'needs the role',
};
