/**
 * An in-process cache of store reads, emptied whenever the IAM state may have changed: on this
 * node's own writes (observed-store.ts) and on other nodes' (the change feed). It caches the
 * pending promise, so a burst of calls for one role costs one store read.
 *
 * Correctness against races: a read that began before an invalidation is dropped with the rest
 * of the entries, so it can never re-populate the cache with what was true before the change.
 * While the change feed is not live (a PostgreSQL listener reconnecting), reads bypass the cache.
 */
export interface ReadCacheOptions {
  /** Entries beyond this evict the oldest, so lookups of random names cannot grow memory. */
  maxEntries?: number;
  /** False while changes by other nodes might go unnoticed. */
  live?: () => boolean;
}

export class ReadCache {
  private entries = new Map<string, Promise<unknown>>();
  private readonly maxEntries: number;
  private readonly live: () => boolean;

  constructor(options: ReadCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.live = options.live ?? (() => true);
  }

  invalidate(): void {
    this.entries = new Map();
  }

  /** `key` must identify what `load` reads (include the method name). */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached as Promise<T>;
    if (!this.live()) return load();
    const entries = this.entries;
    const pending = load();
    if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, pending);
    // A failed read is not remembered: the next call tries again.
    pending.catch(() => entries.delete(key));
    return pending;
  }
}
