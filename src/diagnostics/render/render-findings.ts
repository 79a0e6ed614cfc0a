/** lint-trust findings as text: severity, where, what, and the fix. */
import type { TrustLintFinding } from '../lint/finding.js';
import type { Style } from './style.js';

export function renderFindings(findings: readonly TrustLintFinding[], style: Style): string[] {
  return findings.flatMap((f) => {
    const paint = f.severity === 'error' ? style.bad : f.severity === 'warning' ? style.warn : style.dim;
    const where = `statement ${f.statement}${f.key !== undefined ? `, ${f.key}` : ''}${f.value !== undefined ? ` = ${JSON.stringify(f.value)}` : ''}`;
    return [`  ${paint(f.severity.padEnd(7))} [${f.code}] ${where}: ${f.message}`, `          fix: ${f.fix}`];
  });
}
