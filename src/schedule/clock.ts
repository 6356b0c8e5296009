/**
 * Time as the digest job sees it. Production uses the system clock; tests pass a fake one and
 * move it by hand, so retries after a Retry-After of an hour take no real time.
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void | Promise<void>): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(ms, fn) {
    const timer = setTimeout(() => void fn(), ms);
    // A pending retry must not keep a finished CLI process alive; serve's listener keeps it up.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
