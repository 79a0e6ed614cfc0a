/** One decision in full: explainDecision's view of the record, as HTML, with the CLI equivalent. */
import { explainDecision } from '../diagnostics/index.js';
import type { ConsoleDeps } from './deps.js';
import { html, type Html } from './html.js';
import { commandLine, copyableCommand } from './command-line.js';
import { roleName } from './decisions-page.js';
import { explanationHtml } from './trace-html.js';

/** Undefined when there is no such decision in this account (another account's does not exist here). */
export async function decisionPage(deps: ConsoleDeps, id: string): Promise<Html | undefined> {
  const record = await deps.store.getDecision(id);
  if (record === undefined || record.accountId !== deps.accountId) return undefined;
  const name = roleName(record.roleArn);
  return html`<p><a href="/console/decisions">← All decisions</a> · <a href="/console/roles/${encodeURIComponent(name)}">Role ${name}</a></p>
${explanationHtml(explainDecision(record))}
<h2>From a terminal</h2>
${copyableCommand('decision-command', commandLine(['trustbridge', 'explain', '--decision', record.id]))}`;
}
