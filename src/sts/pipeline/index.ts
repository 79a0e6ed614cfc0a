/**
 * The AssumeRoleWithWebIdentity pipeline, declared once (see web-identity-checks.ts and
 * sts-checks.ts), with the constants STS and `trustbridge explain` share.
 *
 * - STS_CHECKS (StsEnv): what the STS action runs with runToFirstFailure (src/aws/check-pipeline.ts).
 * - WEB_IDENTITY_CHECKS + WEB_IDENTITY_MISSING_REASONS: what explain runs with runAll.
 * - decisionTrail(run): a run as the decision log records it.
 * - trustPolicyCheck(action): the trust-policy check, for any principal the facts name.
 */
export { ACTION, NOT_AUTHORIZED_MESSAGE, ExplainedFailure, notAuthorized } from './failure.js';
export type { WebIdentityDirectory, WebIdentityEnv, WebIdentityFacts } from './facts.js';
export { WEB_IDENTITY_CHECKS, WEB_IDENTITY_MISSING_REASONS, trustPolicyCheck } from './web-identity-checks.js';
export { STS_CHECKS, type StsEnv } from './sts-checks.js';
export { decisionTrail } from './trail.js';
