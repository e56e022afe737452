/**
 * A least-recently-used cache bounded by bytes, not entries: the slot feed's
 * per-instance copy of chunks and manifests. Whatever the region's size, an
 * instance holds at most `budget` bytes here; a value larger than the budget
 * is never kept (it is served straight from storage).
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private total = 0;
  /** The most the cache has ever held (tests assert it never passes the budget). */
  peak = 0;

  constructor(readonly budget: number) {}

  get bytes(): number {
    return this.total;
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Most recently used last (a Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V, size: number): void {
    this.delete(key);
    if (size > this.budget) return;
    // Evict before adding, so the total never passes the budget even for a moment.
    for (const [k, e] of this.entries) {
      if (this.total + size <= this.budget) break;
      this.entries.delete(k);
      this.total -= e.size;
    }
    this.entries.set(key, { value, size });
    this.total += size;
    this.peak = Math.max(this.peak, this.total);
  }

  delete(key: string): void {
    const hit = this.entries.get(key);
    if (!hit) return;
    this.entries.delete(key);
    this.total -= hit.size;
  }
}
