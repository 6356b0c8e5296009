/** The digest outbox and its claims: the same expectations on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

describeBackends('digest outbox', (ctx) => {
  const claim = (owner: string, slotKey = '2026-03-02T09:00:00.000Z') =>
    ctx.store.claimDigestSlot({ slotKey, channel: 'C1', owner, leaseMs: 60_000 });

  it('gives a slot to one owner; another gets it only after the lease runs out', async () => {
    expect(await claim('p1')).toMatchObject({ status: 'claimed', owner: 'p1' });
    expect(await claim('p2')).toBeNull();
    ctx.now = new Date(ctx.now.getTime() + 60_000);
    expect(await ctx.store.abandonedDigests()).toHaveLength(1);
    expect(await claim('p2')).toMatchObject({ owner: 'p2' });
    expect(await ctx.store.writeDigest('2026-03-02T09:00:00.000Z', 'p1', null, '{}')).toBe(false);
    expect(await ctx.store.writeDigest('2026-03-02T09:00:00.000Z', 'p2', null, '{}')).toBe(true);
    expect(await claim('p3')).toBeNull();
  });

  it('keeps a pending entry until it is posted, with attempts, progress and the next try', async () => {
    const key = '2026-03-02T09:00:00.000Z';
    await claim('p1');
    await ctx.store.writeDigest(key, 'p1', 7, '{"x":1}');
    expect((await ctx.store.dueDigests()).map((d) => d.slotKey)).toEqual([key]);
    await ctx.store.markDigestFailed(key, 'ratelimited', new Date(ctx.now.getTime() + 30_000));
    expect(await ctx.store.dueDigests()).toEqual([]);
    expect(await ctx.store.nextDigestAttempt()).toBe('2026-03-02T09:00:30.000Z');
    ctx.now = new Date(ctx.now.getTime() + 30_000);
    await ctx.store.digestProgress(key, 1, '111.1');
    await ctx.store.digestProgress(key, 2, '222.2');
    expect(await ctx.store.digest(key)).toMatchObject({
      attempts: 1,
      partsPosted: 2,
      postedTs: '111.1',
      status: 'pending',
    });
    await ctx.store.markDigestPosted(key);
    expect(await ctx.store.digest(key)).toMatchObject({
      status: 'posted',
      postedAt: '2026-03-02T09:00:30.000Z',
    });
    expect(await ctx.store.nextDigestAttempt()).toBeNull();
  });

  it('tells a new slot which scan the previous digest described', async () => {
    await claim('p1', '2026-03-01T09:00:00.000Z');
    await ctx.store.writeDigest('2026-03-01T09:00:00.000Z', 'p1', 4, '{}');
    await claim('p1', '2026-03-02T09:00:00.000Z');
    expect(await ctx.store.previousDigestScanId('2026-03-02T09:00:00.000Z')).toBe(4);
    expect(await ctx.store.previousDigestScanId('2026-03-01T09:00:00.000Z')).toBeNull();
  });

  it('lets one replica post a pending entry; a dead poster is replaced when its lease ends', async () => {
    const key = '2026-03-02T09:00:00.000Z';
    await claim('p1');
    await ctx.store.writeDigest(key, 'p1', 7, '{}');
    const other = await ctx.replica('replica-b');
    const post = (owner: string) => ({ slotKey: key, owner, leaseMs: 30_000 });
    const [a, b] = await Promise.all([
      ctx.store.claimDigestPost(post('p1')),
      other.claimDigestPost(post('p2')),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const winner = a ? 'p1' : 'p2';
    const loser = a ? 'p2' : 'p1';
    expect(await ctx.store.digestPartStarting(key, winner, 0, 30_000)).toBe(true);
    expect(await ctx.store.digestPartStarting(key, loser, 0, 30_000)).toBe(false);
    expect(await ctx.store.digest(key)).toMatchObject({ postOwner: winner, postingPart: 0 });
    // The winner dies mid-post: after its lease, the other takes over and sees the part in doubt.
    ctx.now = new Date(ctx.now.getTime() + 30_000);
    expect(await ctx.store.digestPartStarting(key, winner, 0, 30_000)).toBe(false);
    expect(await ctx.store.claimDigestPost(post(loser))).toMatchObject({ postOwner: loser, postingPart: 0 });
    await ctx.store.digestProgress(key, 1, '111.1');
    expect(await ctx.store.digest(key)).toMatchObject({ postingPart: null, partsPosted: 1 });
    await ctx.store.releaseDigestPost(key, loser);
    expect(await ctx.store.claimDigestPost(post(winner))).toMatchObject({ postOwner: winner });
    await ctx.store.markDigestPosted(key);
    expect(await ctx.store.claimDigestPost(post(loser))).toBeNull();
  });
});
