/** Constants and keys shared by the STS tests and benchmarks (no dependency on other areas). */
import { sessionKeyRing, type SessionKeyRing } from '../../src/sts/credentials/key-ring.js';

export const ACCOUNT = '123456789012';
export const ISSUER = 'https://gitlab.example.com';
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
export const ROLE_NAME = 'gitlab-deploy';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
export const MAIN_SUB = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
/** A fixed clock, so tests are deterministic. */
export const NOW = new Date('2026-03-01T12:00:00Z');

/** A fixed session key, so tests need no master key file. */
export function testKeyRing(): SessionKeyRing {
  return sessionKeyRing(new Map([['k1', Buffer.alloc(32, 7)]]), 'k1');
}
