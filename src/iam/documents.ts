/**
 * Policy documents as IAM accepts them: valid for their kind (the policy engine, with AWS's
 * MalformedPolicyDocument messages) and within the size quotas, which IAM counts without
 * whitespace.
 */
import { validatePolicyDocument } from '../policy/index.js';
import { messages } from './messages.js';

export const TRUST_POLICY_MAX = 2048;
export const MANAGED_POLICY_MAX = 6144;
export const INLINE_POLICIES_MAX = 10240;

/** The size IAM charges against its quotas. */
export function chargedSize(document: string): number {
  return document.replace(/\s/g, '').length;
}

export function checkTrustPolicy(document: string): void {
  validatePolicyDocument(document, 'trust');
  if (chargedSize(document) > TRUST_POLICY_MAX) throw messages.trustPolicyTooLarge();
}

export function checkManagedPolicy(document: string): void {
  validatePolicyDocument(document, 'managed');
  if (chargedSize(document) > MANAGED_POLICY_MAX) throw messages.managedPolicyTooLarge();
}

/** Inline role policies: their size quota is per role (all of them together), checked by the caller. */
export function checkInlinePolicy(document: string): void {
  validatePolicyDocument(document, 'identity');
}
