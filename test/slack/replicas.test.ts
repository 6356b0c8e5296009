/**
 * Two replicas of the app behind one Request URL, sharing one store (SQLite file or
 * PostgreSQL): Slack sends each delivery of an event to one of them, so redeliveries land on
 * both; the thread still gets one reply. Real Bolt apps, signed Events API requests.
 */
import { afterEach, expect, it } from 'vitest';
import { describeBackends } from '../store/backends.js';
import {
  amazonQAlarm,
  BOT_USER,
  envelope,
  nextTs,
  settle,
  startTriage,
  type TriageHarness,
} from './triage-harness.js';

const CHANNEL = 'C0ALERTS';
let replicas: TriageHarness[] = [];

describeBackends('two replicas', (ctx) => {
  // Registered after the stores' own hook, so it runs first: the apps stop before their stores close.
  afterEach(async () => {
    // The second shares the first's fakes: it goes first.
    for (const replica of replicas.reverse()) await replica.close();
    replicas = [];
  });

  async function start(): Promise<[TriageHarness, TriageHarness]> {
    const a = await startTriage({ store: ctx.store });
    replicas.push(a);
    const b = await startTriage({ store: await ctx.replica('replica-b'), sharedWith: a });
    replicas.push(b);
    return [a, b];
  }

  it('answer an alarm delivered ten times, spread over both, with one thread reply', async () => {
    const [a, b] = await start();
    const ts = nextTs();
    const event = envelope(amazonQAlarm('image-resizer', { channel: CHANNEL, ts }), 'EvSpread');
    const sent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).send(event, i === 0 ? undefined : i)),
    );
    expect(sent.every((s) => s.status === 200)).toBe(true);
    const reply = await a.slack.waitFor(() => a.posts()[0], 15_000);
    expect(reply).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    // Slack's requests are acknowledged before the listeners run: wait until every delivery has
    // been decided (a slow store can take longer than any fixed pause), then for quiet.
    const ignored = () => [...a.logs, ...b.logs].filter((l) => l.msg === 'duplicate delivery ignored');
    await a.slack.waitFor(() => ignored().length >= 9, 15_000);
    await settle(a);
    expect(a.posts()).toHaveLength(1);
    // Each replica turned some deliveries away, and the store is what told the second one.
    expect(ignored()).toHaveLength(9);
    expect([...a.logs, ...b.logs].some((l) => l.msg === 'claimed by another replica')).toBe(true);
  });

  it('answer a mention redelivered to the other replica once', async () => {
    const [a, b] = await start();
    const ts = nextTs();
    const mention = {
      type: 'app_mention',
      user: 'U0ALICE',
      channel: CHANNEL,
      ts,
      text: `<@${BOT_USER}> help`,
    };
    await a.send(envelope(mention, 'EvMention'));
    await b.send(envelope(mention, 'EvMention'), 1);
    await a.slack.waitFor(() => a.posts()[0], 15_000);
    // Both deliveries are acknowledged before either listener runs: whichever replica claims the
    // event first answers it, and the other turns its delivery away.
    await a.slack.waitFor(
      () => [...a.logs, ...b.logs].find((l) => l.msg === 'duplicate delivery ignored'),
      10_000,
    );
    await settle(a);
    expect(a.posts()).toHaveLength(1);
  });
});
