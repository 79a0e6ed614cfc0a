/**
 * The issuer's public API, for the rest of Trustbridge (`up`, tests, tools):
 *
 *   const issuer = await startIssuer({ dir, port: 0 });          // HTTPS discovery + JWKS
 *   const job = buildJobContext({ project: 'g/p', ref: 'main', serverUrl: issuer.url });
 *   const token = mintToken(issuer.keyring, job, { aud: 'sts.amazonaws.com' });
 */
export { startIssuer, registerIssuerRoutes, type IssuerOptions, type RunningIssuer } from './server.js';
export { mintToken, type MintOptions } from './mint.js';
export { buildJobContext, type JobInput } from './job-input.js';
export type { JobContext } from './job-context.js';
export { KeyRing, type KeySummary } from './keyring.js';
export { exportStaticIssuer } from './export.js';
export { ensureLocalTls, type LocalTls } from './tls/local-ca.js';
export { runJob, type RunJobOptions } from './ci/run-job.js';
