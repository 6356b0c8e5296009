/**
 * What a scan holds per account (its FunctionIndex: every region's listed functions; its roles,
 * their policies and last-accessed jobs) only while the account still has units to audit: an
 * organization scan finishes accounts one after another, and what finished accounts kept would
 * grow with the accounts done rather than with those in flight.
 */
export class HeldWhileUnitsLeft<K, V> {
  private readonly held = new Map<K, { value: V; left: number }>();

  constructor(
    /** How many units the key has in this scan. */
    private readonly unitsOf: (key: K) => number,
    private readonly make: (key: K) => V,
    /** Called as the key's value is dropped after its last unit. */
    private readonly released: (key: K, value: V) => void = () => {},
  ) {}

  /** The key's value, made on its first unit (or again after it was released). */
  get(key: K): V {
    let entry = this.held.get(key);
    if (!entry) {
      entry = { value: this.make(key), left: this.unitsOf(key) };
      this.held.set(key, entry);
    }
    return entry.value;
  }

  /**
   * One of the key's units finished: its value is dropped after the last. A failed unit is not
   * counted (it may run again and use the value).
   */
  unitDone(key: K): void {
    const entry = this.held.get(key);
    if (!entry) return;
    entry.left -= 1;
    if (entry.left > 0) return;
    this.held.delete(key);
    this.released(key, entry.value);
  }

  /** Keys whose values are held now. */
  get size(): number {
    return this.held.size;
  }
}
