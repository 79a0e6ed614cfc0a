/**
 * IAM's trust-policy hook (registered by src/stack/iam.ts): when a trust policy IAM has just
 * accepted has lint findings, a decision-log entry carrying them, so `trustbridge decisions` and
 * the admin API show the warning next to the denials it may explain. The wire answer is
 * unchanged: AWS accepts such policies, and so does Trustbridge.
 *
 *   const warning = trustPolicyWarning(change);
 *   if (warning !== undefined) await store.recordDecision(warning);
 */
import type { TrustPolicyChange } from '../../iam/service.js';
import type { DecisionRecord } from '../../store/records.js';
import { lintTrustPolicy } from './lint-trust-policy.js';

export type { TrustPolicyChange } from '../../iam/service.js';

export function trustPolicyWarning(change: TrustPolicyChange): DecisionRecord | undefined {
  const findings = lintTrustPolicy(change.document);
  if (findings.length === 0) return undefined;
  const codes = [...new Set(findings.map((f) => f.code))].join(', ');
  return {
    id: change.id,
    time: change.time,
    accountId: change.accountId,
    action: change.action,
    roleArn: change.roleArn,
    providerArn: null,
    issuer: null,
    subject: null,
    sessionName: null,
    decision: 'allowed',
    errorCode: null,
    reason: `trust policy accepted with ${findings.length} lint finding(s): ${codes} (trustbridge lint-trust explains each)`,
    matchedStatement: null,
    details: { findings },
  };
}
