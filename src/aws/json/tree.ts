import { XmlMap, type WireValue } from '../shape.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The result tree in STS's JSON form (`Accept: application/json`): lists are
 * arrays, maps are objects, and timestamps are integer unix seconds, which is what Envoy and
 * other JSON-mode clients parse `Expiration` as.
 */
export function toJson(value: Exclude<WireValue, undefined>): JsonValue {
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map((item) => toJson(item!));
  if (value instanceof XmlMap) return membersToJson(value.entries);
  if (typeof value === 'object') return membersToJson(Object.entries(value));
  return value;
}

function membersToJson(members: Iterable<readonly [string, WireValue]>): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, member] of members) if (member !== undefined) out[key] = toJson(member);
  return out;
}
