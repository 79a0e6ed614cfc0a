/**
 * A live explanation (ExplainReport) or a logged decision (DecisionExplanation) as text. Both
 * read the same way: verdict and summary, each step ✓/✗, the trust-policy trace with hints, the
 * lint findings, and last what the wire said.
 */
import type { ExplainTrace } from '../../policy/index.js';
import type { DecisionExplanation } from '../explain/decision-view.js';
import type { ExplainReport, ExplainStep } from '../explain/report.js';
import type { TrustLintFinding } from '../lint/finding.js';
import { renderFindings } from './render-findings.js';
import { renderTrace } from './render-trace.js';
import { mark, type Style } from './style.js';

interface Explanation {
  decision: 'allowed' | 'denied';
  summary: string;
  roleArn: string;
  subject?: string;
  steps: ExplainStep[];
  trust?: ExplainTrace;
  findings?: TrustLintFinding[];
  warnings?: string[];
  awsError?: { code: string; message?: string };
}

export function renderExplanation(report: ExplainReport | DecisionExplanation, style: Style): string {
  const e: Explanation = report;
  const lines: string[] = [];
  for (const warning of e.warnings ?? []) lines.push(style.bad(style.bold(`!! ${warning}`)));
  const verdict = e.decision === 'allowed' ? style.ok(style.bold('ALLOWED')) : style.bad(style.bold('DENIED'));
  lines.push(`${verdict}  ${e.summary}`);
  if ('id' in report) lines.push(style.dim(`decision ${report.id} at ${report.time}`));
  lines.push(style.dim(`role ${e.roleArn}${e.subject !== undefined ? `, sub ${JSON.stringify(e.subject)}` : ''}`));
  lines.push('', style.bold('Steps (in AWS order; AWS stops at the first ✗)'));
  for (const step of e.steps) lines.push(`  ${mark(style, step.ok, step.skipped)} ${step.name.padEnd(16)} ${step.skipped ? style.dim(step.detail) : step.detail}`);
  if (e.trust !== undefined) lines.push('', style.bold('Trust policy'), ...renderTrace(e.trust, style));
  if (e.findings !== undefined && e.findings.length > 0) lines.push('', style.bold('lint-trust findings (do not change the decision)'), ...renderFindings(e.findings, style));
  if (e.awsError !== undefined) {
    const message = e.awsError.message !== undefined ? `: ${e.awsError.message}` : '';
    lines.push('', `${style.bold('On the wire')} (what the client sees): ${e.awsError.code}${message}`);
  }
  return lines.join('\n') + '\n';
}
