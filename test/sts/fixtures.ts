/** Constants and keys shared by the STS tests and benchmarks (no dependency on other areas). */
import { sessionKeyRing, type SessionKeyRing } from '../../src/sts/credentials/key-ring.js';
import { ACCOUNT } from '../support/accounts.js';
import { providerArn } from '../support/trust-policy.js';

export { ACCOUNT } from '../support/accounts.js';
export { ISSUER, MAIN_SUB, NOW } from '../support/gitlab.js';
export const PROVIDER_ARN = providerArn();
export const ROLE_NAME = 'gitlab-deploy';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;

/** A fixed session key, so tests need no master key file. */
export function testKeyRing(): SessionKeyRing {
  return sessionKeyRing(new Map([['k1', Buffer.alloc(32, 7)]]), 'k1');
}
