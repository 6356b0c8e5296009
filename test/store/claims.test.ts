/** Keys handled once across replicas: the same expectations on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

describeBackends('claims', (ctx) => {
  it('gives a key to its first claimant until it expires, then to the next', async () => {
    expect(await ctx.store.claimOnce('event', 'Ev1', 60_000)).toBe(true);
    expect(await ctx.store.claimOnce('event', 'Ev1', 60_000)).toBe(false);
    expect(await ctx.store.claimOnce('thread', 'Ev1', 60_000)).toBe(true);
    ctx.now = new Date(ctx.now.getTime() + 60_000);
    expect(await ctx.store.claimOnce('event', 'Ev1', 60_000)).toBe(true);
  });

  it('gives a released key to the next claimant at once', async () => {
    await ctx.store.claimOnce('event', 'Ev2', 60_000);
    await ctx.store.releaseClaim('event', 'Ev2');
    expect(await ctx.store.claimOnce('event', 'Ev2', 60_000)).toBe(true);
  });

  it('of ten redeliveries spread over two replicas, exactly one wins', async () => {
    const other = await ctx.replica('replica-b');
    const stores = [ctx.store, other];
    const wins = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (stores[i % 2] ?? ctx.store).claimOnce('event', 'Ev3', 3_600_000)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});
