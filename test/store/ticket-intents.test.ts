/** Ticket intents: the same expectations on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import { TICKET_LEASE_MS, UNCERTAIN_GRACE_MS } from '../../src/store/ticket-intents.js';
import { describeBackends } from './backends.js';

describeBackends('ticket intents', (ctx) => {
  const later = (ms: number) => {
    ctx.now = new Date(ctx.now.getTime() + ms);
  };

  it('records one intent per fingerprint; a failed sink call frees it', async () => {
    const first = await ctx.store.beginTicket('fp1', 'U1', 'jira');
    expect(first).toMatchObject({
      created: true,
      lookupFirst: false,
      ticket: { state: 'opening', createdBy: 'U1' },
    });
    expect(await ctx.store.beginTicket('fp1', 'U2', 'jira')).toMatchObject({
      created: false,
      ticket: { createdBy: 'U1' },
    });
    await ctx.store.abandonTicket('fp1');
    expect(await ctx.store.ticket('fp1')).toBeNull();
    await ctx.store.beginTicket('fp1', 'U2', 'jira');
    expect(await ctx.store.completeTicket('fp1', { url: 'https://j/OPS-1', key: 'OPS-1' })).toMatchObject({
      state: 'open',
      key: 'OPS-1',
    });
    await ctx.store.abandonTicket('fp1');
    expect((await ctx.store.ticket('fp1'))?.state).toBe('open');
  });

  it('hands an intent whose opener died to the next click once its lease ends, to look up first; never an open ticket', async () => {
    await ctx.store.beginTicket('fp1', 'U1', 'jira');
    later(TICKET_LEASE_MS - 1);
    expect((await ctx.store.beginTicket('fp1', 'U2', 'jira')).created).toBe(false);
    later(1);
    expect(await ctx.store.beginTicket('fp1', 'U2', 'jira')).toMatchObject({
      created: true,
      lookupFirst: true,
      ticket: { createdBy: 'U2' },
    });
    await ctx.store.completeTicket('fp1', { url: 'https://j/OPS-2', key: 'OPS-2' });
    later(3_600_000);
    expect(await ctx.store.beginTicket('fp1', 'U3', 'jira')).toMatchObject({
      created: false,
      ticket: { key: 'OPS-2' },
    });
  });

  it('keeps a timed-out intent for a grace period, then lets the next click search before creating', async () => {
    await ctx.store.beginTicket('fp1', 'U1', 'jira');
    await ctx.store.uncertainTicket('fp1');
    expect(await ctx.store.ticket('fp1')).toMatchObject({ state: 'opening', uncertain: true });
    expect((await ctx.store.beginTicket('fp1', 'U1', 'jira')).created).toBe(false);
    later(UNCERTAIN_GRACE_MS);
    expect(await ctx.store.beginTicket('fp1', 'U1', 'jira')).toMatchObject({
      created: true,
      lookupFirst: true,
    });
    expect(await ctx.store.completeTicket('fp1', { url: 'https://j/OPS-3', key: 'OPS-3' })).toMatchObject({
      uncertain: false,
    });
  });

  it('of two replicas clicking at once, exactly one opens the ticket', async () => {
    const other = await ctx.replica('replica-b');
    for (let i = 0; i < 20; i++) {
      const fp = `fp-race-${i}`;
      const [a, b] = await Promise.all([
        ctx.store.beginTicket(fp, 'U1', 'jira'),
        other.beginTicket(fp, 'U2', 'jira'),
      ]);
      expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    }
  });
});
