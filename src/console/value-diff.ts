/**
 * Where an actual condition value departs from what the policy expected: the common prefix and
 * suffix with the closest expected value are plain, the rest is marked. For
 * `project_path:g/p:ref_type:branch:ref:feature` against `…:ref:main`, only `feature` is marked.
 */
import { html, type Html } from './html.js';

export interface ValueSplit {
  head: string;
  differs: string;
  tail: string;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < a.length - limit && i < b.length - limit && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

export function splitAgainst(actual: string, expected: readonly string[]): ValueSplit {
  let best: ValueSplit = { head: '', differs: actual, tail: '' };
  let bestKept = -1;
  for (const candidate of expected) {
    // A StringLike pattern only constrains what precedes its first wildcard, and follows its last.
    const star = candidate.search(/[*?]/);
    const prefix = commonPrefix(actual, star === -1 ? candidate : candidate.slice(0, star));
    const suffixSource = star === -1 ? candidate : candidate.slice(candidate.search(/[*?][^*?]*$/) + 1);
    const suffix = commonSuffix(actual, suffixSource, star === -1 ? prefix : 0);
    const kept = prefix + Math.min(suffix, actual.length - prefix);
    if (kept > bestKept) {
      bestKept = kept;
      const end = actual.length - Math.min(suffix, actual.length - prefix);
      best = { head: actual.slice(0, prefix), differs: actual.slice(prefix, end), tail: actual.slice(end) };
    }
  }
  return best;
}

/** The actual value, quoted, with its differing part in <mark>. */
export function markedValue(actual: string, expected: readonly string[], failed: boolean): Html {
  if (!failed) return html`<code>${JSON.stringify(actual)}</code>`;
  const s = splitAgainst(actual, expected);
  const q = (t: string): string => JSON.stringify(t).slice(1, -1);
  return html`<code>"${q(s.head)}${s.differs === '' ? '' : html`<mark>${q(s.differs)}</mark>`}${q(s.tail)}"</code>`;
}
