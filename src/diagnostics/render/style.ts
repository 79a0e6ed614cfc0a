/**
 * Terminal styling: ANSI colour only when the output is a TTY and NO_COLOR is unset
 * (https://no-color.org), so piped output and logs stay plain text.
 */
export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOUR: Style = { ok: wrap(32, 39), bad: wrap(31, 39), warn: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
const identity = (text: string): string => text;
export const PLAIN: Style = { ok: identity, bad: identity, warn: identity, dim: identity, bold: identity };

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  return stream.isTTY === true && !noColor ? COLOUR : PLAIN;
}

/** ✓ / ✗ / – (not run), coloured. */
export function mark(style: Style, ok: boolean, skipped = false): string {
  if (skipped) return style.dim('–');
  return ok ? style.ok('✓') : style.bad('✗');
}
