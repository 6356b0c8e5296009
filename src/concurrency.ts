/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * An amount shared by concurrent work (functions in flight, functions held): `take(n)` waits
 * until `n` more fit, in the order asked, and resolves with the release that gives them back.
 * Work larger than the whole amount runs when nothing else holds any, alone rather than never.
 */
export class Budget {
  private used = 0;
  private readonly waiting: { n: number; grant: () => void }[] = [];

  constructor(private readonly limit: number) {}

  async take(n: number): Promise<() => void> {
    if (this.waiting.length === 0 && this.fits(n)) this.used += n;
    else await new Promise<void>((grant) => this.waiting.push({ n, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= n;
      this.grantWaiting();
    };
  }

  /** How much is taken now. */
  get taken(): number {
    return this.used;
  }

  private fits(n: number): boolean {
    return this.used === 0 || this.used + n <= this.limit;
  }

  private grantWaiting(): void {
    for (let next = this.waiting[0]; next && this.fits(next.n); next = this.waiting[0]) {
      this.waiting.shift();
      this.used += next.n;
      next.grant();
    }
  }
}
