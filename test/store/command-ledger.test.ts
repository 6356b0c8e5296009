/** Accepted slash commands: the same expectations on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

const LEASE = 30_000;
const TTL = 30 * 60_000;

describeBackends('command ledger', (ctx) => {
  const accept = (id: string, owner = 'a') =>
    ctx.store.acceptCommand({ id, payload: `{"text":"${id}"}`, owner, leaseMs: LEASE, ttlMs: TTL });
  const later = (ms: number) => {
    ctx.now = new Date(ctx.now.getTime() + ms);
  };

  it('lets the holder answer once; nobody takes a live command', async () => {
    await accept('c1');
    expect(await ctx.store.takeOrphanCommands('b', LEASE, 10)).toEqual([]);
    expect(await ctx.store.finishCommand('c1', 'a')).toBe(true);
    expect(await ctx.store.finishCommand('c1', 'a')).toBe(false);
    later(LEASE);
    expect(await ctx.store.takeOrphanCommands('b', LEASE, 10)).toEqual([]);
  });

  it('hands a stopping holder’s commands over at once; the old holder can no longer answer them', async () => {
    await accept('c1');
    await accept('c2');
    expect((await ctx.store.handOverCommands('a')).map((c) => c.id)).toEqual(['c1', 'c2']);
    const taken = await ctx.store.takeOrphanCommands('b', LEASE, 10);
    expect(taken).toMatchObject([
      { id: 'c1', owner: 'b', handovers: 1, payload: '{"text":"c1"}' },
      { id: 'c2', owner: 'b', handovers: 1 },
    ]);
    expect(await ctx.store.finishCommand('c1', 'a')).toBe(false);
    expect(await ctx.store.finishCommand('c1', 'b')).toBe(true);
  });

  it('keeps a renewing holder’s command; a silent one’s lapses; an expired one is nobody’s', async () => {
    await accept('c1');
    await accept('c2', 'silent');
    later(LEASE - 1);
    await ctx.store.renewCommands('a', LEASE);
    later(1);
    expect((await ctx.store.takeOrphanCommands('b', LEASE, 10)).map((c) => c.id)).toEqual(['c2']);
    await accept('c3', 'silent');
    later(TTL);
    expect(await ctx.store.takeOrphanCommands('b', LEASE, 10)).toEqual([]);
  });

  it('gives a replica restarted under the same name its own live commands back, only when asked', async () => {
    await accept('c1', 'a');
    expect(await ctx.store.takeOrphanCommands('a', LEASE, 10)).toEqual([]);
    expect((await ctx.store.takeOrphanCommands('a', LEASE, 10, { ownToo: true })).map((c) => c.id)).toEqual([
      'c1',
    ]);
    expect(await ctx.store.takeOrphanCommands('b', LEASE, 10, { ownToo: true })).toEqual([]);
  });

  it('of two replicas sweeping at once, each command goes to one', async () => {
    for (let i = 0; i < 12; i++) await accept(`c${i}`);
    await ctx.store.handOverCommands('a');
    const other = await ctx.replica('replica-b');
    const [b, c] = await Promise.all([
      ctx.store.takeOrphanCommands('b', LEASE, 20),
      other.takeOrphanCommands('c', LEASE, 20),
    ]);
    const ids = [...b, ...c].map((x) => x.id).sort();
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });
});
