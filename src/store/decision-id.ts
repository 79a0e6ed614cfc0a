/**
 * Decision ids: UUIDs in RFC 9562's version 7 layout — 48 bits of Unix milliseconds, then random
 * bits — rather than version 4's all-random ones. A decision row is indexed by its id (the
 * primary key, and the (time, id) index), and every call writes one: with random ids each
 * insert lands on a random page of the id index, so a group commit of a few hundred rows
 * dirtied a few hundred pages. Time-ordered ids append to the index's right edge instead
 * (docs/benchmarks.md, fifth round). An id still reads as any UUID (`explain --decision ID`); its
 * first 12 hex digits give the millisecond it was made, which the record's own time says anyway.
 *
 * Ids made within one millisecond differ in their 74 random bits; they need not sort among
 * themselves, as `listDecisions` orders by time first.
 */
import { pooledRandomBytes } from '../aws/pooled-random.js';

export function newDecisionId(now: Date): string {
  const bytes = pooledRandomBytes(16);
  const millis = now.getTime();
  bytes.writeUIntBE(Math.max(0, Math.min(millis, 0xffff_ffff_ffff)), 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
