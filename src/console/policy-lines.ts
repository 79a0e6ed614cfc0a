/**
 * A policy document pretty-printed line by line, with lint-trust findings attached to the line
 * they concern: the line holding the offending value (or the condition key), inside the
 * statement the finding names (`Sid`, or `#index`), else the statement's first line.
 */
import type { TrustLintFinding } from '../diagnostics/index.js';
import { html, type Html } from './html.js';

interface Formatted {
  lines: string[];
  /** Statement label → [first line, last line] (inclusive). */
  statements: Map<string, [number, number]>;
}

function indent(text: string, by: string): string[] {
  return text.split('\n').map((line) => by + line);
}

export function formatPolicy(document: string): Formatted | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const lines = ['{'];
  const statements = new Map<string, [number, number]>();
  const entries = Object.entries(parsed as Record<string, unknown>);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key !== 'Statement') {
      const [first, ...rest] = indent(JSON.stringify(value, null, 2), '  ');
      lines.push(`  ${JSON.stringify(key)}: ${(first ?? '').trimStart()}`, ...rest);
      lines[lines.length - 1] += comma;
      return;
    }
    const list = Array.isArray(value) ? value : [value];
    lines.push(`  "Statement": ${Array.isArray(value) ? '[' : ''}`);
    list.forEach((statement, index) => {
      const start = lines.length;
      lines.push(...indent(JSON.stringify(statement, null, 2), Array.isArray(value) ? '    ' : '  '));
      if (index < list.length - 1) lines[lines.length - 1] += ',';
      const sid = (statement as { Sid?: unknown } | null)?.Sid;
      statements.set(typeof sid === 'string' && sid !== '' ? sid : `#${index}`, [start, lines.length - 1]);
    });
    if (Array.isArray(value)) lines.push(`  ]${comma}`);
    else lines[lines.length - 1] += comma;
  });
  lines.push('}');
  return { lines, statements };
}

function lineOf(formatted: Formatted, finding: TrustLintFinding): number {
  const [first, last] = formatted.statements.get(finding.statement) ?? [0, formatted.lines.length - 1];
  const needles = [finding.value, finding.key].filter((n): n is string => n !== undefined).map((n) => JSON.stringify(n));
  for (const needle of needles) {
    for (let i = first; i <= last; i++) if (formatted.lines[i]!.includes(needle)) return i;
  }
  return first;
}

export function policyWithFindings(document: string, findings: readonly TrustLintFinding[]): Html {
  const formatted = formatPolicy(document);
  if (formatted === undefined) return html`<pre>${document}</pre>`;
  const byLine = new Map<number, TrustLintFinding[]>();
  for (const f of findings) {
    const line = lineOf(formatted, f);
    byLine.set(line, [...(byLine.get(line) ?? []), f]);
  }
  return html`<ol class="policy-lines panel">${formatted.lines.map((line, i) => {
    const here = byLine.get(i) ?? [];
    return html`<li${here.length > 0 ? html` class="flagged"` : ''}>${line}${here.map((f) => html`<div class="finding" role="note"><strong>${f.severity}</strong> <code>[${f.code}]</code> ${f.message} <em>Fix:</em> ${f.fix}</div>`)}</li>`;
  })}</ol>`;
}

export function formattedPolicy(document: string): Html {
  return policyWithFindings(document, []);
}
