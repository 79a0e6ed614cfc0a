/**
 * What one decision record may hold. AssumeRoleWithWebIdentity is unsigned, so anyone who can
 * reach the port writes to the decision log: before this cap a 20 KB junk token cost ~15 KB a
 * row, and a 7,000-deep claim made JSON.stringify overflow the stack (issue 10, findings 3, 4).
 *
 * - A call that failed before a registered provider was found keeps a summary: the steps and
 *   the capped top-level fields, no claims (nobody vouches for them, and nobody asked for them).
 * - Otherwise claims and the rest of the details are kept, capped: strings, entry counts and
 *   nesting depth, and the whole record under MAX_DECISION_BYTES.
 * The walk never goes deeper than MAX_DEPTH, so no payload can exhaust the stack.
 */
import { decisionDetailsJson } from '../store/decision-json.js';
import type { DecisionRecord } from '../store/records.js';

/** The most one record may take once serialised. */
export const MAX_DECISION_BYTES = 16 * 1024;
const MAX_STRING = 1024;
const MAX_KEY = 128;
const MAX_ENTRIES = 64;
const MAX_DEPTH = 12;
const MAX_STEP_DETAIL = 512;

export function boundDecisionRecord(record: DecisionRecord): DecisionRecord {
  const bounded: DecisionRecord = {
    ...record,
    roleArn: clip(record.roleArn, 2048),
    issuer: clipNullable(record.issuer),
    subject: clipNullable(record.subject),
    sessionName: clipNullable(record.sessionName),
    reason: clip(record.reason, MAX_STRING),
    matchedStatement: clipNullable(record.matchedStatement),
    // Almost every record is within bounds: it is then kept as it is, not copied.
    details: !providerWasFound(record) ? summary(record.details) : fits(record.details, 0) ? record.details : capValue(record.details, 0),
  };
  if (withinCap(bounded)) return bounded;
  return { ...bounded, details: { ...(summary(record.details) as object), truncated: `details exceeded ${MAX_DECISION_BYTES} bytes` } };
}

/** Room for the top-level field names, punctuation, the time and the nulls of one record. */
const TOP_LEVEL_OVERHEAD = 512;

/**
 * Whether the record fits MAX_DECISION_BYTES once serialised, the details measured through the
 * store's own serialisation (remembered, so the writer does not serialise them again). The other
 * fields are first counted at their worst, 6 bytes per UTF-16 unit (`\u001f`): only a record
 * that might be near the cap is serialised whole to measure it.
 */
function withinCap(record: DecisionRecord): boolean {
  const detailsBytes = Buffer.byteLength(decisionDetailsJson(record.details));
  let worst = detailsBytes + TOP_LEVEL_OVERHEAD;
  for (const value of Object.values(record)) if (typeof value === 'string') worst += 6 * value.length;
  if (worst <= MAX_DECISION_BYTES) return true;
  return Buffer.byteLength(JSON.stringify({ ...record, details: null })) - 'null'.length + detailsBytes <= MAX_DECISION_BYTES;
}

/** Whether capValue would leave the value as it is: nothing to clip, cut or flatten. */
function fits(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.length <= MAX_STRING;
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return true;
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (value.length > MAX_ENTRIES) return false;
    for (const item of value) if (!fits(item, depth + 1)) return false;
    return true;
  }
  // for…in, not Object.keys: this runs over every record's details, and the key arrays showed
  // among the pipeline's allocations. Details are plain JSON-like objects: no inherited keys.
  let entries = 0;
  for (const key in value) {
    if (++entries > MAX_ENTRIES || key.length > MAX_KEY || !fits((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** The oidc steps (details.token) show whether the `issuer` step matched a registered provider. */
function providerWasFound(record: DecisionRecord): boolean {
  if (record.providerArn !== null) return true;
  const token = (record.details as { token?: unknown } | null)?.token;
  return Array.isArray(token) && token.some((s: { name?: unknown; ok?: unknown }) => s?.name === 'issuer' && s.ok === true);
}

function summary(details: unknown): unknown {
  const { steps, token } = (details ?? {}) as { steps?: unknown; token?: unknown };
  return {
    steps: capSteps(steps),
    ...(token !== undefined ? { token: capSteps(token) } : {}),
    claims: 'not kept: no registered provider vouches for them',
  };
}

function capSteps(steps: unknown): unknown {
  if (!Array.isArray(steps)) return [];
  return steps.slice(0, 16).map((step: unknown) => capValue(step, MAX_DEPTH - 2, MAX_STEP_DETAIL));
}

function capValue(value: unknown, depth: number, maxString = MAX_STRING): unknown {
  if (typeof value === 'string') return clip(value, maxString);
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return `[${Array.isArray(value) ? 'array' : 'object'} nested deeper than ${MAX_DEPTH} levels]`;
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ENTRIES).map((v: unknown) => capValue(v, depth + 1, maxString));
    return value.length > MAX_ENTRIES ? [...kept, `[${value.length - MAX_ENTRIES} more entries]`] : kept;
  }
  const entries = Object.entries(value);
  const kept = Object.fromEntries(entries.slice(0, MAX_ENTRIES).map(([k, v]) => [clip(k, MAX_KEY), capValue(v, depth + 1, maxString)]));
  if (entries.length > MAX_ENTRIES) kept['…'] = `${entries.length - MAX_ENTRIES} more entries`;
  return kept;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more characters]`;
}

function clipNullable(text: string | null): string | null {
  return text === null ? null : clip(text, MAX_STRING);
}
