/**
 * A past decision from the log, shaped like a live explanation so the same renderer and the
 * same --json consumers handle both. Only what STS recorded is shown: its steps, its reason,
 * the (unverified) claims and, for a trust-policy denial, the engine's trace.
 */
import type { ExplainTrace } from '../../policy/index.js';
import type { DecisionRecord } from '../../store/records.js';
import { expandRecordedContext } from '../../sts/index.js';
import type { TrustLintFinding } from '../lint/finding.js';
import { withGitlabHints } from './gitlab-hints.js';
import type { ExplainStep } from './report.js';

export interface DecisionExplanation {
  id: string;
  time: string;
  decision: 'allowed' | 'denied';
  summary: string;
  roleArn: string;
  issuer?: string;
  subject?: string;
  sessionName?: string;
  /** The AWS error code the client got (the message is AWS's fixed text for that code). */
  awsError?: { code: string };
  matchedStatement?: string;
  steps: ExplainStep[];
  claims?: Record<string, unknown>;
  context?: Record<string, unknown>;
  trust?: ExplainTrace;
  /** lint-trust findings, on the entries CreateRole / UpdateAssumeRolePolicy log (lint-record.ts). */
  findings?: TrustLintFinding[];
}

export function explainDecision(record: DecisionRecord): DecisionExplanation {
  const details = asObject(record.details) ?? {};
  const view: DecisionExplanation = {
    id: record.id,
    time: record.time.toISOString(),
    decision: record.decision,
    summary: record.decision === 'allowed'
      ? `Allowed: ${record.reason}`
      : `Denied (${record.errorCode ?? 'unknown error'}): ${record.reason}`,
    roleArn: record.roleArn,
    steps: recordedSteps(details['steps']),
  };
  if (record.issuer !== null) view.issuer = record.issuer;
  if (record.subject !== null) view.subject = record.subject;
  if (record.sessionName !== null) view.sessionName = record.sessionName;
  if (record.errorCode !== null) view.awsError = { code: record.errorCode };
  if (record.matchedStatement !== null) view.matchedStatement = record.matchedStatement;
  const claims = asObject(details['claims']);
  if (claims !== undefined) view.claims = claims;
  const context = expandRecordedContext(asObject(details['context']), asObject(details['contextFromClaims']), claims);
  if (context !== undefined) view.context = context;
  if (isTrace(details['trust'])) view.trust = withGitlabHints(details['trust']);
  // Written by trustPolicyWarning from lintTrustPolicy's own output, so the shape is ours.
  if (Array.isArray(details['findings'])) view.findings = details['findings'] as TrustLintFinding[];
  return view;
}

/** The trail's `{ step, outcome, detail }` entries (src/sts/decision-trail.ts) as explain steps. */
function recordedSteps(value: unknown): ExplainStep[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): ExplainStep[] => {
    const step = asObject(entry);
    if (step === undefined || typeof step['step'] !== 'string') return [];
    const detail = typeof step['detail'] === 'string' ? step['detail'] : '';
    return [{ name: step['step'], ok: step['outcome'] === 'passed', detail }];
  });
}

function isTrace(value: unknown): value is ExplainTrace {
  const trace = asObject(value);
  return trace !== undefined && typeof trace['summary'] === 'string' && Array.isArray(trace['policies']);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
