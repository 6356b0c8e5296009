/**
 * A replica told to stop while twelve slow audits wait: it stops taking requests, gives them a
 * grace period, hands the unanswered ones over (one log line each), and another replica sharing
 * the store answers every one through its response_url; none is answered twice, even when the
 * stopped replica's audits finish afterwards. On SQLite and PostgreSQL.
 */
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { describeBackends } from '../store/backends.js';
import { engineDouble, type Harness, startHarness } from './harness.js';

const COMMANDS = 12;
/** Short in tests: Slack's real cadence is in handover.ts. */
const TIMINGS = { leaseMs: 3_000, sweepMs: 50 };

let harnesses: Harness[] = [];
let stores: Store[] = [];

describeBackends('stopping with commands in flight', (ctx) => {
  // Registered after the stores' own hook, so it runs first: the apps stop before their stores close.
  afterEach(async () => {
    for (const h of harnesses.reverse()) await h.close();
    for (const store of stores) await store.close();
    harnesses = [];
    stores = [];
  });

  it('answers all twelve, once each: what the stopping replica could not finish, the other does', async () => {
    const slow = engineDouble({ held: true });
    const stopping = await startHarness(
      slow,
      {},
      { store: ctx.store, handover: TIMINGS, owner: 'replica-a' },
    );
    harnesses.push(stopping);
    const ids = Array.from({ length: COMMANDS }, (_, i) => `c${i}`);
    const acks = await Promise.all(ids.map((id, i) => stopping.command(`fn-${i}`, id)));
    expect(acks.every((a) => a.status === 200)).toBe(true);
    // Four audit at once (the app's limiter); the other eight wait their turn. All twelve are acked.
    await stopping.fake.waitFor(() => slow.auditCalls.length > 0);

    // SIGTERM: the grace ends with all twelve still waiting on AWS.
    await stopping.handle.stop({ graceMs: 100 });
    const handedOver = stopping.logs.filter((l) => l.msg === 'command handed over unanswered');
    expect(handedOver).toHaveLength(COMMANDS);
    expect(handedOver.every((l) => !JSON.stringify(l).includes('/response/'))).toBe(true);

    const other = await startHarness(
      engineDouble(),
      {},
      {
        store: await ctx.replica('replica-b'),
        handover: TIMINGS,
        owner: 'replica-b',
        fake: stopping.fake,
      },
    );
    harnesses.push(other);
    await other.fake.waitFor(() => ids.every((id) => other.fake.responsesTo(id).length > 0), 15_000);
    expect(other.logs.filter((l) => l.msg === 'command taken over')).toHaveLength(COMMANDS);

    // The stopped replica's audits finish late: it must not answer them a second time.
    slow.release();
    await other.fake.waitFor(
      () =>
        stopping.logs.filter((l) => l.msg === 'command answered elsewhere; not answering it again').length ===
        COMMANDS,
    );
    // What each replica logged, to tell who answered twice should this ever fail.
    const story = JSON.stringify([...stopping.logs, ...other.logs].filter((l) => l.level !== 'debug'));
    for (const id of ids) expect(other.fake.responsesTo(id), story).toHaveLength(1);
    expect(JSON.stringify(other.fake.responsesTo('c3')[0]?.body)).toContain('fn-3');
  });

  it('answers the commands of a replica that died without a word once their lease runs out', async () => {
    const hung = engineDouble({ held: true });
    // Its store's clock never moves: its heartbeats renew nothing past the moment it "died".
    const frozen = new Date(ctx.now);
    const deadStore = await openStore(ctx.url, { now: () => frozen });
    stores.push(deadStore);
    const dead = await startHarness(hung, {}, { store: deadStore, handover: TIMINGS, owner: 'replica-a' });
    harnesses.push(dead);
    await dead.command('orders-api', 'd1');
    await dead.fake.waitFor(() => hung.auditCalls.length === 1);
    // kill -9 as far as the others can tell: it hands nothing over, and its frozen heartbeat
    // lets the lease run out.

    const other = await startHarness(
      engineDouble(),
      {},
      {
        store: await ctx.replica('replica-b'),
        handover: TIMINGS,
        owner: 'replica-b',
        fake: dead.fake,
      },
    );
    harnesses.push(other);
    expect(other.fake.responsesTo('d1').map((r) => r.body)).toEqual([]);
    ctx.now = new Date(ctx.now.getTime() + TIMINGS.leaseMs);
    await other.fake.waitFor(() => other.fake.responsesTo('d1').length > 0, 15_000);
    hung.release();
    await other.fake.waitFor(() =>
      dead.logs.some((l) => l.msg === 'command answered elsewhere; not answering it again'),
    );
    expect(other.fake.responsesTo('d1')).toHaveLength(1);
  });
});
