/**
 * An alarm lands in a channel the bot is in; lambda-audit answers once, in the alarm's thread,
 * with what broke (the logs around the alarm), what changed and whether the function is exposed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  amazonQAlarm,
  BOT_ID,
  BOT_USER,
  envelope,
  logged,
  nextTs,
  REGION,
  settle,
  startTriage,
  type TriageHarness,
} from './triage-harness.js';

let h: TriageHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CHANNEL = 'C0ALERTS';
const text = (body: Record<string, unknown>) => JSON.stringify(body);

describe('an alarm message', () => {
  it('gets one reply in its thread with the recent errors, the change and the findings', async () => {
    h = await startTriage();
    const ts = nextTs();
    const sent = await h.send(envelope(amazonQAlarm('image-resizer', { channel: CHANNEL, ts })));
    expect(sent.status).toBe(200);

    const reply = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(reply.channel).toBe(CHANNEL);
    expect(reply.thread_ts).toBe(ts);
    const body = text(reply);
    expect(body).toContain('*ALARM* `image-resizer-errors` on `image-resizer`');
    expect(body).toContain(ACCOUNT);
    // The window around the alarm holds the two timeouts, the OOM kill and the error line.
    expect(body).toContain('*2 timeouts*');
    expect(body).toContain('*1 out-of-memory kill*');
    expect(body).toContain('Task timed out after 30.03 seconds');
    expect(body).toContain('Runtime.OutOfMemory');
    // Escaped: the log line cannot ping the channel.
    expect(body).not.toContain('<!channel>');
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).toContain('Code or configuration changed 20 minutes before the alarm');
    expect(body).toMatch(/\*Audit\* .*(critical|high|medium|low)/);
    expect(body).toContain('triage_full_audit');
    expect(body).toContain(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resizer`);
    await settle(h);
    expect(h.posts()).toHaveLength(1);
  });

  it('delivered three times (Slack retries) still gets one reply', async () => {
    h = await startTriage();
    const event = envelope(amazonQAlarm('image-resizer', { channel: CHANNEL, ts: nextTs() }), 'EvRetried');
    const sent = [await h.send(event), await h.send(event, 1), await h.send(event, 2)];
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200]);
    await h.slack.waitFor(() => h?.posts()[0], 15_000);
    await logged(h, 'duplicate delivery ignored', { retryNum: 2 });
    await settle(h);
    expect(h.posts()).toHaveLength(1);
  });

  it('posted again by a second event for the same message still gets one reply', async () => {
    h = await startTriage();
    const message = amazonQAlarm('orders-api', { channel: CHANNEL, ts: nextTs() });
    await h.send(envelope(message));
    await h.send(envelope(message));
    await h.slack.waitFor(() => h?.posts()[0], 15_000);
    await settle(h);
    expect(h.posts()).toHaveLength(1);
  });

  it('that flaps gets at most one reply per function and channel per 10 minutes', async () => {
    h = await startTriage();
    await h.send(envelope(amazonQAlarm('orders-api', { channel: CHANNEL, ts: nextTs() })));
    await h.slack.waitFor(() => h?.posts()[0], 15_000);
    // OK, then ALARM again: a new message (a new thread), the same function, the same channel.
    await h.send(envelope(amazonQAlarm('orders-api', { channel: CHANNEL, ts: nextTs(), state: 'OK' })));
    await h.send(envelope(amazonQAlarm('orders-api', { channel: CHANNEL, ts: nextTs() })));
    await logged(h, 'alarm answered recently; staying quiet', { by: 'function' });
    // The same alarm in another channel is news there.
    await h.send(envelope(amazonQAlarm('orders-api', { channel: 'C0OTHER', ts: nextTs() })));
    await h.slack.waitFor(() => h?.posts()[1], 15_000);
    await settle(h);
    expect(h.posts().map((p) => p.channel)).toEqual([CHANNEL, 'C0OTHER']);
  });

  it('about a function that does not exist gets one line saying so', async () => {
    h = await startTriage();
    const ts = nextTs();
    await h.send(envelope(amazonQAlarm('ghost-fn', { channel: CHANNEL, ts })));
    const reply = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(reply.thread_ts).toBe(ts);
    expect(reply.blocks).toHaveLength(1);
    expect(text(reply)).toMatch(/could not triage `ghost-fn` in eu-central-1: .*not found/i);
  });

  it('in a region lambda-audit does not audit gets one line saying so', async () => {
    h = await startTriage();
    await h.send(
      envelope(amazonQAlarm('orders-api', { channel: CHANNEL, ts: nextTs(), region: 'ap-south-1' })),
    );
    const reply = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(text(reply)).toContain('region ap-south-1 is not configured');
  });
});

describe('messages that get no reply', () => {
  it.each([
    ['a person chatting', { user: 'U0ALICE', text: 'is image-resizer slow today?' }],
    ['a recovery (OK)', amazonQAlarm('image-resizer', { channel: CHANNEL, ts: '1.1', state: 'OK' })],
    [
      "the bot's own message, even naming an ARN",
      {
        user: BOT_USER,
        bot_id: BOT_ID,
        text: `ALARM arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resizer`,
      },
    ],
    [
      "the bot's own message without its user id",
      {
        subtype: 'bot_message',
        bot_id: BOT_ID,
        text: `ALARM arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resizer`,
      },
    ],
    [
      'another bot quoting an ARN (bots never loop)',
      {
        subtype: 'bot_message',
        bot_id: 'B0OTHER',
        text: `see arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resizer`,
      },
    ],
    [
      'an edit of an alarm',
      { subtype: 'message_changed', message: amazonQAlarm('image-resizer', { channel: CHANNEL, ts: '1.1' }) },
    ],
  ])('%s', async (_name, message) => {
    h = await startTriage();
    const ts = nextTs();
    await h.send(envelope({ type: 'message', ...message, channel: CHANNEL, ts }));
    await settle(h, 400);
    expect(h.posts()).toEqual([]);
    expect(h.aws.counts().total).toBe(0);
  });

  it('a person naming a function ARN does get the reply', async () => {
    h = await startTriage();
    const ts = nextTs();
    await h.send(
      envelope({
        type: 'message',
        user: 'U0ALICE',
        text: `anyone? arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resizer keeps failing`,
        channel: CHANNEL,
        ts,
      }),
    );
    const reply = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(reply.thread_ts).toBe(ts);
    expect(text(reply)).toContain(':mag: `image-resizer`');
  });

  it('an alarm outside TRIAGE_CHANNELS', async () => {
    h = await startTriage({ env: { TRIAGE_CHANNELS: 'C0WATCHED' } });
    await h.send(envelope(amazonQAlarm('orders-api', { channel: CHANNEL, ts: nextTs() })));
    await logged(h, 'message not triaged', { reason: 'channel not in TRIAGE_CHANNELS' });
    await h.send(envelope(amazonQAlarm('orders-api', { channel: 'C0WATCHED', ts: nextTs() })));
    await h.slack.waitFor(() => h?.posts()[0], 15_000);
    await settle(h);
    expect(h.posts().map((p) => p.channel)).toEqual(['C0WATCHED']);
  });
});
