/**
 * At most `max` engine calls at once for the whole app. An audit costs ~20 AWS calls whose
 * responses the SDK parses on the one event loop the acks also need; unbounded, a burst of
 * commands saturates the loop and acks slip past Slack's 3 s. Queued work still answers (the
 * response_url lives 30 minutes); acks stay fast, and AWS sees a bounded request rate.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }
}
