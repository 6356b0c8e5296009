/**
 * A multi-part digest posted exactly once when its poster dies at any point, on both engines:
 * one replica starts posting and dies (before Slack takes a part, or after Slack took it but
 * before the store heard), another replica takes the entry over when the dead claim lapses,
 * looks for the part in doubt in the channel (message metadata, conversations.history and
 * conversations.replies) and posts only what is missing. The real WebClient against the fake
 * Slack; the dead replica's clock never moves, as a dead process's timers never fire.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../src/engine-contract.js';
import { DigestJob } from '../../src/schedule/job.js';
import { type DigestPayload, POST_LEASE_MS } from '../../src/schedule/outbox.js';
import { createDigestPoster, type DigestPoster } from '../../src/schedule/poster.js';
import type { Store } from '../../src/store/store.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { describeBackends } from '../store/backends.js';
import { FakeClock } from './fake-clock.js';

const CHANNEL = 'C0DIGEST';
const SLOT = '2026-03-02T09:00:00.000Z';
const PARTS = 4;
const noScans: Pick<Engine, 'scan'> = { scan: () => Promise.reject(new Error('no scans here')) };

let slack: FakeSlack;
beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => slack.close());

/** A pending digest of PARTS messages: the channel message and its thread replies. */
async function pendingDigest(store: Store): Promise<void> {
  const message = (n: number) => ({
    text: `part ${n}`,
    blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `part ${n}` } }],
  });
  const payload = {
    version: 1,
    digest: {},
    messages: { main: message(0), thread: Array.from({ length: PARTS - 1 }, (_, i) => message(i + 1)) },
  } as unknown as DigestPayload;
  await store.claimDigestSlot({ slotKey: SLOT, channel: CHANNEL, owner: 'builder', leaseMs: 60_000 });
  await store.writeDigest(SLOT, 'builder', null, JSON.stringify(payload));
}

/** A poster that dies at `part`: before Slack has it, or after Slack took it (the reply lost). */
function dyingAt(
  real: DigestPoster,
  part: number,
  slackHasIt: boolean,
): { poster: DigestPoster; died: Promise<void> } {
  let die: () => void = () => undefined;
  const died = new Promise<void>((resolve) => {
    die = resolve;
  });
  return {
    died,
    poster: {
      findPosted: (lookup) => real.findPosted(lookup),
      async postMessage(message) {
        if (message.metadata?.event_payload.part !== part) return real.postMessage(message);
        if (slackHasIt) await real.postMessage(message);
        die();
        return new Promise(() => undefined);
      },
    },
  };
}

describeBackends('a digest whose poster dies', (ctx) => {
  const cases = Array.from({ length: PARTS }, (_, part) => [
    [part, false],
    [part, true],
  ]).flat() as [number, boolean][];

  it.each(cases)('at part %i (Slack has it: %s) is posted once, every part', async (part, slackHasIt) => {
    const clock = new FakeClock(ctx.now);
    ctx.clock = () => clock.now();
    const stores = [ctx.store, await ctx.replica('replica-b')] as const;
    await pendingDigest(stores[0]);
    const real = createDigestPoster('xoxb-test', slack.apiUrl);
    const dying = dyingAt(real, part, slackHasIt);
    const job = (store: Store, poster: DigestPoster, jobClock: FakeClock, owner: string) =>
      new DigestJob({
        store,
        engine: noScans,
        regions: [],
        poster,
        channel: CHANNEL,
        clock: jobClock,
        owner,
      });

    const first = job(stores[0], dying.poster, new FakeClock(clock.now()), 'replica-a');
    void first.start({ schedule: false });
    await dying.died;

    const second = job(stores[1], real, clock, 'replica-b');
    await second.start({ schedule: false });
    expect(slack.messagesIn(CHANNEL)).toHaveLength(slackHasIt ? part + 1 : part);
    await clock.advance(POST_LEASE_MS);

    const messages = slack.messagesIn(CHANNEL);
    expect(messages.map((m) => m.metadata?.event_payload.part)).toEqual([0, 1, 2, 3]);
    const main = messages[0]?.ts;
    expect(messages.slice(1).every((m) => m.thread_ts === main)).toBe(true);
    expect(await stores[1].digest(SLOT)).toMatchObject({
      status: 'posted',
      partsPosted: PARTS,
      postedTs: main,
    });
    await second.stop();
  });
});
