/**
 * Diagnostics: what AWS never says about a web-identity decision, off the wire.
 *
 * - explainAssume(input) → ExplainReport: every STS step in AWS's order, the trust-policy
 *   trace with hints, and the wire error AWS would send.
 * - offlineStack / withStaticJwks: explain without a running stack, or with keys from a file.
 * - explainDecision(record): a logged decision in the same shape.
 * - lintTrustPolicy(document) → TrustLintFinding[]: trust policies that admit too much (or
 *   nothing); trustPolicyWarning(change) turns them into a decision-log entry for CreateRole /
 *   UpdateAssumeRolePolicy (never a wire change).
 * - decisionActionHandlers(store): the admin API's ListTrustbridgeDecisions /
 *   GetTrustbridgeDecision, for IAM's action table.
 * - renderExplanation / renderFindings / renderDecisionTable: the terminal forms.
 */
export { explainAssume, SKIPPED_SIGNATURE_WARNING, type ExplainAssumeInput, type ExplainDirectory } from './explain/explain-assume.js';
export type { ExplainReport, ExplainStep, WireError } from './explain/report.js';
export { offlineStack, withStaticJwks, DEFAULT_ACCOUNT, type OfflineProvider, type OfflineSetup, type OfflineStack } from './explain/offline.js';
export { explainDecision, type DecisionExplanation } from './explain/decision-view.js';
export { lintTrustPolicy } from './lint/lint-trust-policy.js';
export { trustPolicyWarning, type TrustPolicyChange } from './lint/lint-record.js';
export type { TrustLintFinding, FindingCode, Severity } from './lint/finding.js';
export {
  listDecisions,
  summarizeDecision,
  parseSince,
  renderDecisionTable,
  DEFAULT_DECISION_LIMIT,
  type DecisionFilter,
  type DecisionSummary,
} from './decisions/decision-list.js';
export { decisionActionHandlers, LIST_DECISIONS_ACTION, GET_DECISION_ACTION } from './decisions/decisions-api.js';
export { renderExplanation } from './render/render-explain.js';
export { renderFindings } from './render/render-findings.js';
export { styleFor, PLAIN, type Style } from './render/style.js';
