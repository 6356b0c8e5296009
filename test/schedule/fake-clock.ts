import type { Clock } from '../../src/schedule/clock.js';

/** A clock that moves only when told; `advance` fires due timers and waits for their work. */
export class FakeClock implements Clock {
  private ms: number;
  private timers: { at: number; fn: () => void | Promise<void>; id: number }[] = [];
  private nextId = 0;

  constructor(start: string | Date = '2026-03-02T09:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  setTimer(ms: number, fn: () => void | Promise<void>): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.ms + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  /** Pending timers, for assertions ("a retry is scheduled"). */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.ms + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.ms = Math.max(this.ms, due.at);
      await due.fn();
    }
    this.ms = target;
  }

  set(iso: string): void {
    this.ms = new Date(iso).getTime();
  }
}
