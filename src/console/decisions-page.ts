/**
 * Decisions: the log newest first, with filters (denied only, role, subject text, time range), a
 * chart, and rows that keep arriving (the page polls /console/api/decisions for rows newer than
 * its newest). A row opens the full trace (decision-page.ts). Reads through listDecisions, the
 * same query the CLI and the admin API use.
 */
import { listDecisions, type DecisionFilter } from '../diagnostics/index.js';
import type { DecisionRecord } from '../store/records.js';
import { decisionChart } from './chart.js';
import type { ConsoleDeps } from './deps.js';
import { html, type Html } from './html.js';
import { time } from './layout.js';

const PAGE_SIZE = 200;
/** When subject text or an upper time bound is filtered after the query, scan this many. */
const SCAN_LIMIT = 5000;

export interface DecisionFilters {
  denied: boolean;
  role: string;
  subject: string;
  since: string;
  until: string;
}

export function readFilters(query: URLSearchParams): DecisionFilters {
  const text = (name: string): string => (query.get(name) ?? '').trim().slice(0, 256);
  return { denied: query.get('denied') === '1', role: text('role'), subject: text('subject'), since: text('since'), until: text('until') };
}

/** datetime-local values carry no zone: they are read as UTC, as every time in the console is shown. */
function parseTime(text: string): Date | undefined {
  if (text === '') return undefined;
  const date = new Date(/Z$|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function roleName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export async function findDecisions(deps: ConsoleDeps, filters: DecisionFilters, after?: Date): Promise<DecisionRecord[]> {
  const since = [parseTime(filters.since), after].filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  const until = parseTime(filters.until);
  const postFilter = filters.subject !== '' || until !== undefined;
  const query: DecisionFilter = { accountId: deps.accountId, deniedOnly: filters.denied, limit: postFilter ? SCAN_LIMIT : PAGE_SIZE };
  if (filters.role !== '') query.role = filters.role;
  if (since !== undefined) query.since = since;
  const records = await listDecisions(deps.store, query);
  const subject = filters.subject.toLowerCase();
  return records
    .filter((r) => subject === '' || (r.subject ?? '').toLowerCase().includes(subject))
    .filter((r) => until === undefined || r.time.getTime() <= until.getTime())
    .slice(0, PAGE_SIZE);
}

export function decisionRow(r: DecisionRecord): Html {
  return html`<tr id="d-${r.id}" class="${r.decision}">
<td><a href="/console/decisions/${encodeURIComponent(r.id)}">${time(r.time)}</a></td>
<td><span class="verdict ${r.decision}">${r.decision}</span></td>
<td><a href="/console/roles/${encodeURIComponent(roleName(r.roleArn))}">${roleName(r.roleArn)}</a></td>
<td><code>${r.subject ?? '(none)'}</code></td>
<td>${r.errorCode ?? ''}</td>
<td>${r.reason}</td>
</tr>`;
}

export function decisionTable(records: readonly DecisionRecord[], liveUrl?: string): Html {
  const newest = records[0]?.time.toISOString() ?? '';
  return html`<table id="decisions"${liveUrl !== undefined ? html` data-live-url="${liveUrl}" data-newest="${newest}"` : ''}>
<caption class="muted">Newest first. Open a decision's time for its full trace.</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Decision</th><th scope="col">Role</th><th scope="col">Subject</th><th scope="col">Error</th><th scope="col">Why</th></tr></thead>
<tbody aria-live="polite">${records.length === 0 ? html`<tr class="empty"><td colspan="6" class="muted">No decisions for this filter yet.</td></tr>` : records.map(decisionRow)}</tbody>
</table>`;
}

export function filterQuery(filters: DecisionFilters): string {
  const q = new URLSearchParams();
  if (filters.denied) q.set('denied', '1');
  for (const name of ['role', 'subject', 'since', 'until'] as const) if (filters[name] !== '') q.set(name, filters[name]);
  return q.toString();
}

export async function decisionsPage(deps: ConsoleDeps, filters: DecisionFilters, roleNames: readonly string[]): Promise<Html> {
  const records = await findDecisions(deps, filters);
  const liveUrl = `/console/api/decisions?${filterQuery(filters)}`;
  return html`
<form class="filters" method="get" action="/console/decisions" aria-label="Filter decisions">
  <label class="inline"><input type="checkbox" name="denied" value="1"${filters.denied ? html` checked` : ''}> Denied only</label>
  <label>Role
    <input name="role" list="role-names" value="${filters.role}" placeholder="name or ARN">
    <datalist id="role-names">${roleNames.map((n) => html`<option value="${n}"></option>`)}</datalist>
  </label>
  <label>Subject contains <input name="subject" value="${filters.subject}" placeholder="ref:feature"></label>
  <label>From (UTC) <input type="datetime-local" name="since" value="${filters.since}" step="1"></label>
  <label>To (UTC) <input type="datetime-local" name="until" value="${filters.until}" step="1"></label>
  <button type="submit">Filter</button>
  <a href="/console/decisions">Clear</a>
</form>
${decisionChart(records.map((r) => ({ role: roleName(r.roleArn), time: r.time, decision: r.decision })))}
<p id="live-status" class="muted" role="status">Live: new decisions appear at the top.</p>
${decisionTable(records, liveUrl)}`;
}

/** The poll answer: rows newer than (or as new as) `after`, newest first, already rendered. */
export async function newDecisionRows(deps: ConsoleDeps, filters: DecisionFilters, afterText: string | null): Promise<{ rows: Array<{ id: string; html: string }>; newest: string }> {
  const after = afterText === null ? undefined : parseTime(afterText);
  const records = await findDecisions(deps, filters, after);
  return {
    rows: records.map((r) => ({ id: r.id, html: decisionRow(r).text })),
    newest: records[0]?.time.toISOString() ?? afterText ?? '',
  };
}
