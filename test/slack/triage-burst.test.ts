/**
 * An alarm storm: 50 alarms at once are all answered, each once, paced per channel under
 * Slack's chat.postMessage rate, and a 429 from Slack delays replies without losing any.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_POST_INTERVAL_MS } from '../../src/slack/triage/index.js';
import {
  amazonQAlarm,
  EU_FUNCTIONS,
  envelope,
  nextTs,
  settle,
  startTriage,
  type TriageHarness,
} from './triage-harness.js';

let h: TriageHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A lower pace than Slack's 1 s so the test runs in seconds; the spacing rule is the same. */
const INTERVAL_MS = 250;

/** Gaps between consecutive accepted posts, per channel, in ms. */
describe('a burst of alarms', () => {
  it("paces posts at Slack's rate by default", () => {
    expect(SLACK_POST_INTERVAL_MS).toBe(1000);
  });

  it('answers 50 alarms at once, each once, at most one post per interval per channel', async () => {
    h = await startTriage({ triage: { postIntervalMs: INTERVAL_MS } });
    const channels = ['C0A', 'C0B', 'C0C', 'C0D', 'C0E'];
    // 5 channels x 10 functions: 50 alarms, each a function not yet answered in its channel.
    const alarms = channels.flatMap((channel) =>
      EU_FUNCTIONS.slice(0, 10).map((fn) => amazonQAlarm(fn, { channel, ts: nextTs() })),
    );
    const acks = await Promise.all(alarms.map((alarm) => h?.send(envelope(alarm))));
    expect(acks.every((a) => a?.status === 200)).toBe(true);

    await h.slack.waitFor(() => h && h.posts().length >= 50, 30_000);
    await settle(h);
    const posts = h.posts();
    expect(posts).toHaveLength(50);
    // None lost, none doubled: every alarm's thread has exactly one reply.
    const threads = posts.map((p) => `${p.channel}/${p.thread_ts}`);
    expect(new Set(threads)).toEqual(new Set(alarms.map((a) => `${a.channel}/${a.ts}`)));
    expect(posts.every((p) => JSON.stringify(p).includes('*ALARM*'))).toBe(true);
    // Ten replies in each channel, each through that channel's pacer; the spacing the pacer keeps
    // is asserted exactly on a fake clock in triage-units.test.ts, not here on the wall clock.
    for (const channel of channels) {
      expect(
        posts.filter((p) => p.channel === channel),
        channel,
      ).toHaveLength(10);
    }
  });

  it('waits out a 429 (Retry-After) and then posts every reply', async () => {
    h = await startTriage({ triage: { postIntervalMs: 100 } });
    h.slack.rateLimit('chat.postMessage', 2, 1);
    const alarms = ['orders-api', 'legacy-url', 'image-resizer'].map((fn) =>
      amazonQAlarm(fn, { channel: 'C0RL', ts: nextTs() }),
    );
    await Promise.all(alarms.map((alarm) => h?.send(envelope(alarm))));
    await h.slack.waitFor(() => h && h.posts().length >= 3, 20_000);
    await settle(h);
    expect(h.posts()).toHaveLength(3);
    const attempts = h.slack.attempts.filter((a) => a.path === 'api/chat.postMessage');
    expect(attempts.map((a) => a.status)).toEqual([429, 429, 200, 200, 200]);
    // How long each resend waits (Retry-After) is asserted on a fake clock in triage-units.test.ts.
    expect(h.logs.filter((l) => l.msg === 'thread reply lost')).toEqual([]);
  });
});
