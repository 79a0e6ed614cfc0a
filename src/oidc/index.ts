/**
 * The relying-party side of OIDC, as STS and the CLI use it. Import from here.
 *
 * - verifyWebIdentityToken(token, { findProvider, keys, now }): the full AWS check; throws an
 *   OidcVerificationError (an AwsError) whose `reason`/`detail` explain the failure.
 * - tokenChecks(): the same checks as a declared list (token-checks.ts), for a larger pipeline
 *   (STS's, src/sts/pipeline/) to run to the first failure or, in `trustbridge explain`, all.
 * - the individual steps (parseToken, checkHeader, checkRequiredClaims, selectProvider,
 *   checkAudience, verifySignature, checkTimes).
 * - JwksCache: the KeySource for production (discovery + JWKS, cached; or static keys).
 * - answerKeySetAsk / keysFromPrimary: one JwksCache fetching for a cluster's workers (shared-jwks.ts).
 * - probeCertificateChain / analyseChain / chainProblemError: the TLS chain inspection that
 *   CreateOpenIDConnectProvider without a thumbprint and `trustbridge doctor` use.
 */
export { verifyWebIdentityToken, TokenRejected, tokenSteps, type Step, type StepName, type VerifyDeps, type VerifiedToken } from './verify.js';
export { TOKEN_GROUP, TOKEN_MISSING_REASONS, tokenChecks, tokenVerified, type TokenFacts } from './token-checks.js';
export { OidcVerificationError, VERIFICATION_KEY_MESSAGE, type OidcFailureReason } from './errors.js';
export { parseToken } from './parse.js';
export { checkHeader } from './check-header.js';
export { checkRequiredClaims } from './check-claims.js';
export { selectProvider, type FindProvider } from './select-provider.js';
export { checkAudience } from './check-audience.js';
export { verifySignature } from './verify-signature.js';
export { checkTimes, CLOCK_SKEW_SECONDS, MAX_TOKEN_AGE_SECONDS } from './check-times.js';
export type { KeySource, KeyRequest } from './key-source.js';
export { JwksCache, type JwksCacheOptions } from './jwks-cache.js';
export { answerKeySetAsk, keysFromPrimary, type KeySetAsk, type KeySetAnswer, type WorkerKeys } from './shared-jwks.js';
export { readCaFiles, type IssuerHttpOptions } from './https-client.js';
export { probeCertificateChain, type ProbeOptions } from './tls-chain-probe.js';
export { analyseChain, chainProblemError, type ChainAnalysis } from './tls-chain-analyse.js';
export type { JwsHeader, JwtClaims } from './token.js';
export { providerThumbprint, type ProviderThumbprint } from './provider-thumbprint.js';
