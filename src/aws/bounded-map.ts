/**
 * A memo of at most `capacity` entries: when full, the oldest entry goes. For the per-request
 * caches whose keys a caller chooses (credentials it presents), so that no sequence of calls can
 * grow memory without bound. Oldest-first is enough: the hot set (the sessions signing right now)
 * is small and re-enters at once.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
