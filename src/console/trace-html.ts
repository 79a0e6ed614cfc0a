/**
 * A live explanation (ExplainReport) or a logged decision (DecisionExplanation) as HTML, in the
 * order the terminal renderer uses (src/diagnostics/render/render-explain.ts): verdict and
 * summary, every step ✓/✗ in AWS's order, the trust-policy trace — each condition with operator,
 * key, expected and actual values, the differing part marked — hints, lint findings, and what
 * the wire said.
 */
import type { DecisionExplanation, ExplainReport, ExplainStep, TrustLintFinding } from '../diagnostics/index.js';
import type { ExplainTrace, StatementTrace } from '../policy/index.js';
import { html, type Html } from './html.js';
import { markedValue } from './value-diff.js';

type Explanation = ExplainReport | DecisionExplanation;

function tick(ok: boolean, skipped = false): Html {
  if (skipped) return html`<span class="muted" aria-label="not run">–</span>`;
  return ok ? html`<span class="ok" aria-label="passed">✓</span>` : html`<span class="bad" aria-label="failed">✗</span>`;
}

export function verdictBadge(decision: 'allowed' | 'denied'): Html {
  return html`<span class="verdict ${decision}">${decision === 'allowed' ? 'ALLOWED' : 'DENIED'}</span>`;
}

export function explanationHtml(e: Explanation): Html {
  const warnings = 'warnings' in e ? e.warnings : [];
  const awsMessage = e.awsError !== undefined && 'message' in e.awsError ? `: ${String(e.awsError.message)}` : '';
  return html`
${warnings.map((w) => html`<p class="panel error"><strong>${w}</strong></p>`)}
<p class="summary">${verdictBadge(e.decision)} ${e.summary}</p>
<dl class="facts">
  <dt>Role</dt><dd><code>${e.roleArn}</code></dd>
  ${e.subject !== undefined ? html`<dt>Subject</dt><dd><code>${e.subject}</code></dd>` : ''}
  ${'id' in e ? html`<dt>Decision</dt><dd><code>${e.id}</code> at ${e.time}</dd>` : ''}
</dl>
<h2>Steps <span class="muted">(in AWS order; AWS stops at the first ✗)</span></h2>
${stepsHtml(e.steps)}
${e.trust !== undefined ? html`<h2>Trust policy</h2>${traceHtml(e.trust)}` : ''}
${e.findings !== undefined && e.findings.length > 0 ? html`<h2>lint-trust findings <span class="muted">(do not change the decision)</span></h2>${findingsHtml(e.findings)}` : ''}
${e.awsError !== undefined ? html`<h2>On the wire</h2><p>What the client sees: <code>${e.awsError.code}${awsMessage}</code></p>` : ''}`;
}

function stepsHtml(steps: readonly ExplainStep[]): Html {
  if (steps.length === 0) return html`<p class="muted">No steps were recorded.</p>`;
  return html`<ol class="steps">${steps.map((s) => html`<li class="${s.skipped === true ? 'skipped' : s.ok ? 'passed' : 'failed'}">${tick(s.ok, s.skipped)} <span class="step-name">${s.name}</span> <span class="${s.skipped === true ? 'muted' : ''}">${s.detail}</span></li>`)}</ol>`;
}

export function traceHtml(trace: ExplainTrace): Html {
  return html`
${trace.policies.map((policy) => html`<h3><code>${policy.policyId}</code> <span class="muted">(${policy.source})</span></h3>
${policy.statements.map(statementHtml)}`)}
${trace.missingContextValues.length > 0 ? html`<p class="warn">Missing context keys: <code>${trace.missingContextValues.join(', ')}</code></p>` : ''}
${trace.hints.length > 0 ? html`<h3>Hints</h3>${trace.hints.map((h) => html`<p class="hint"><code>[${h.code}]</code> statement ${h.statementIndex}${h.key !== undefined ? html`, <code>${h.key}</code>` : ''}: ${h.message}</p>`)}` : ''}`;
}

function statementHtml(s: StatementTrace): Html {
  const name = `Statement ${s.index}${s.sid !== undefined ? ` (Sid ${s.sid})` : ''} ${s.effect}`;
  return html`<section class="statement">
<p>${tick(s.applies)} <strong>${name}</strong>: ${s.reason}</p>
<ul>
  ${s.principalMatched !== null ? html`<li>${tick(s.principalMatched)} principal</li>` : ''}
  <li>${tick(s.actionMatched)} action</li>
</ul>
${s.conditions.length > 0 ? html`<table>
<thead><tr><th scope="col"><span class="skip">Result</span></th><th scope="col">Operator</th><th scope="col">Key</th><th scope="col">Expected</th><th scope="col">Actual</th></tr></thead>
<tbody>${s.conditions.map((c) => html`<tr class="condition ${c.result ? 'passed' : 'failed'}">
  <td>${tick(c.result)}</td>
  <td><code>${c.operator}</code></td>
  <td><code>${c.key}</code></td>
  <td class="expected">${c.expected.map((v, i) => html`${i > 0 ? html` <span class="muted">or</span> ` : ''}<code>${JSON.stringify(v)}</code>`)}</td>
  <td class="actual">${c.actual === null ? html`<span class="warn">(key absent from the request)</span>` : c.actual.map((v, i) => html`${i > 0 ? ', ' : ''}${markedValue(v, c.expected, !c.result)}`)}</td>
</tr>`)}</tbody>
</table>` : ''}
</section>`;
}

export function findingsHtml(findings: readonly TrustLintFinding[]): Html {
  return html`<ul>${findings.map((f) => html`<li class="finding-item"><span class="${f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'muted'}">${f.severity}</span> <code>[${f.code}]</code> statement ${f.statement}${f.key !== undefined ? html`, <code>${f.key}</code>` : ''}${f.value !== undefined ? html` = <code>${JSON.stringify(f.value)}</code>` : ''}: ${f.message} <em>Fix:</em> ${f.fix}</li>`)}</ul>`;
}
