/**
 * Keys seen recently: the memory behind "one reply per alarm". Slack redelivers an event it
 * thinks we missed (up to three retries over about five minutes, the first after 3 s without a
 * 200), a flapping alarm posts the same alarm again, and a burst can repeat one function many
 * times; each of these is a key claimed once per `ttlMs`. Bounded so a storm cannot grow it
 * without limit: past `max` keys the oldest is forgotten first.
 *
 * In memory, per process: the fast first check. With several replicas behind one Request URL
 * (Slack sends each delivery to one of them), the desk also claims each key in the store.
 */
export class Recent<V = true> {
  /** key -> value and expiry. Insertion order is expiry order: every key gets the same ttl. */
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value stored under `key` within the last ttl. */
  get(key: string): V | undefined {
    this.prune();
    return this.entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores `value`, restarting the key's ttl. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** True the first time `key` is offered within the ttl (and records it); false for a repeat. */
  claim(key: string, value: V): boolean {
    if (this.has(key)) return false;
    this.set(key, value);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expires > now) break;
      this.entries.delete(key);
    }
  }
}
