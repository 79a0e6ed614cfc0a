/**
 * Small random values for the credential hot path (access key ids, session-token IVs), drawn from
 * a pooled block of CSPRNG output. Each `crypto.randomBytes` call is a synchronous trip into
 * OpenSSL with a fixed cost of about 5 µs whatever its size (a 12-byte IV costs what 4 KiB does);
 * every AssumeRole* call needed two, about a tenth of its pipeline in the profile
 * (docs/benchmarks.md). The pool is refilled from the same generator, every byte is handed out
 * once, and a handed-out range is wiped from the pool. Large requests bypass it.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const LARGEST_POOLED = 256;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function pooledRandomBytes(size: number): Buffer {
  if (size > LARGEST_POOLED) return randomBytes(size);
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const taken = Buffer.from(pool.subarray(offset, offset + size));
  pool.fill(0, offset, offset + size);
  offset += size;
  return taken;
}
