/** A shell command shown for copying: each argument quoted only when the shell needs it. */
import { html, type Html } from './html.js';

export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

export function copyableCommand(id: string, command: string): Html {
  return html`<pre id="${id}">${command}</pre><button type="button" data-copy="${id}">Copy as command</button>`;
}
