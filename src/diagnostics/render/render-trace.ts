/**
 * The policy engine's trace as text: every statement with why it applies or not, every
 * condition with operator, key, expected and actual values, then the hints (what to change).
 */
import type { ExplainTrace, StatementTrace } from '../../policy/index.js';
import { mark, type Style } from './style.js';

export function renderTrace(trace: ExplainTrace, style: Style): string[] {
  const lines: string[] = [];
  for (const policy of trace.policies) {
    lines.push(style.bold(`${policy.policyId} (${policy.source})`));
    for (const statement of policy.statements) lines.push(...renderStatement(statement, style));
  }
  if (trace.missingContextValues.length > 0) {
    lines.push(`  ${style.warn('missing context keys:')} ${trace.missingContextValues.join(', ')}`);
  }
  if (trace.hints.length > 0) {
    lines.push(style.bold('Hints'));
    for (const hint of trace.hints) {
      const where = `statement ${hint.statementIndex}${hint.key !== undefined ? `, ${hint.key}` : ''}`;
      lines.push(`  ${style.warn('→')} [${hint.code}] ${where}: ${hint.message}`);
    }
  }
  return lines;
}

function renderStatement(s: StatementTrace, style: Style): string[] {
  const name = `statement ${s.index}${s.sid !== undefined ? ` (Sid ${s.sid})` : ''} ${s.effect}`;
  const lines = [`  ${mark(style, s.applies)} ${name}: ${s.reason}`];
  if (s.principalMatched !== null) lines.push(`      ${mark(style, s.principalMatched)} principal`);
  lines.push(`      ${mark(style, s.actionMatched)} action`);
  for (const c of s.conditions) {
    lines.push(`      ${mark(style, c.result)} ${c.operator} ${c.key}`);
    lines.push(`          expected: ${c.expected.map(quote).join(' or ')}`);
    lines.push(`          actual:   ${c.actual === null ? style.warn('(key absent from the request)') : c.actual.map(quote).join(', ')}`);
  }
  return lines;
}

function quote(value: string): string {
  return JSON.stringify(value);
}
