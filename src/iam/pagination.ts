/**
 * IAM pagination: `Marker` + `MaxItems` (1..1000, default 100) in, `IsTruncated` + `Marker`
 * out. The marker is opaque to clients; ours is the base64url of the sort key of the last item
 * returned, so a page boundary survives inserts and deletes between calls (an offset would
 * skip or repeat items).
 */
import { MARKER, MAX_ITEMS, type Inputs } from './inputs.js';

export interface Paging {
  marker?: string;
  maxItems: number;
}

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

export function readPaging(inputs: Inputs): Paging {
  const marker = inputs.optional('Marker', MARKER);
  const maxItems = inputs.optionalInteger('MaxItems', MAX_ITEMS.min, MAX_ITEMS.max) ?? MAX_ITEMS.default;
  return marker === undefined ? { maxItems } : { marker, maxItems };
}

/** `sorted` must be in ascending order of `keyOf`, and keys must be unique. */
export function paginate<T>(sorted: readonly T[], keyOf: (item: T) => string, paging: Paging): Page<T> {
  let start = 0;
  if (paging.marker !== undefined) {
    const after = Buffer.from(paging.marker, 'base64url').toString('utf8');
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + paging.maxItems);
  const isTruncated = start + items.length < sorted.length;
  const last = items[items.length - 1];
  return isTruncated && last !== undefined
    ? { items, isTruncated, marker: Buffer.from(keyOf(last), 'utf8').toString('base64url') }
    : { items, isTruncated };
}

/** The members every paginated IAM result ends with, in the model's order. */
export function pageTail(page: Page<unknown>): { IsTruncated: boolean; Marker?: string } {
  return page.marker === undefined ? { IsTruncated: page.isTruncated } : { IsTruncated: page.isTruncated, Marker: page.marker };
}

/** Plain string comparison (code units), the order the markers rely on. */
export function byKey<T>(keyOf: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
