/** The pieces behind "one reply, paced, never lost", on their own: no Slack, no AWS. */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonLogger } from '../../src/log.js';
import { asChannelMessage, decide } from '../../src/slack/listeners/alarm-message.js';
import { mentionWords } from '../../src/slack/listeners/app-mention.js';
import { ChannelPacer, type Post } from '../../src/slack/triage/pacer.js';
import { Recent } from '../../src/slack/triage/recent.js';
import { dateOfTs, triageTarget } from '../../src/slack/triage/target.js';
import type { AlarmRef } from '../../src/triage/parse.js';

const quiet = jsonLogger('error', () => {});
const post = (channel: string, n: number): Post => ({
  channel,
  thread_ts: `${n}.0`,
  text: `m${n}`,
  blocks: [],
});
const rateLimited = (seconds: number) =>
  Object.assign(new Error('ratelimited'), { code: webApi.ErrorCode.RateLimitedError, retryAfter: seconds });
const refused = (error: string) =>
  Object.assign(new Error(error), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error } });

/** Runs the fake clock until every timer the work sets has fired, then gives the work's result. */
async function onFakeClock<T>(work: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return work;
}

// The pacer's sleeps are setTimeout and its clock Date.now: on fake timers both move only when the
// test says, so the spacing it asserts is exact, whatever the machine's load.
describe('ChannelPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts each channel in order, one per interval, without holding up other channels', async () => {
    const sent: { channel: string; text: string; at: number }[] = [];
    const pacer = new ChannelPacer({
      log: quiet,
      intervalMs: 40,
      send: async (p) => void sent.push({ channel: p.channel, text: p.text, at: Date.now() }),
    });
    const results = await onFakeClock(
      Promise.all([
        pacer.post(post('A', 1)),
        pacer.post(post('A', 2)),
        pacer.post(post('A', 3)),
        pacer.post(post('B', 4)),
      ]),
    );
    expect(results).toEqual(['posted', 'posted', 'posted', 'posted']);
    expect(sent).toEqual([
      { channel: 'A', text: 'm1', at: 0 },
      // B went out with A's first, not after A's queue.
      { channel: 'B', text: 'm4', at: 0 },
      { channel: 'A', text: 'm2', at: 40 },
      { channel: 'A', text: 'm3', at: 80 },
    ]);
    expect(pacer.pending).toBe(0);
  });

  it('keeps the spacing for a message queued after the channel went idle', async () => {
    const at: number[] = [];
    const pacer = new ChannelPacer({
      log: quiet,
      intervalMs: 60,
      send: async () => void at.push(Date.now()),
    });
    await onFakeClock(pacer.post(post('A', 1)));
    vi.advanceTimersByTime(10);
    await onFakeClock(pacer.post(post('A', 2)));
    expect(at).toEqual([0, 60]);
  });

  it('waits out a rate limit for its Retry-After and resends the same message', async () => {
    const attempts: number[] = [];
    let fails = 2;
    const pacer = new ChannelPacer({
      log: quiet,
      intervalMs: 10,
      send: async () => {
        attempts.push(Date.now());
        if (fails-- > 0) throw rateLimited(0.05);
      },
    });
    expect(await onFakeClock(pacer.post(post('A', 1)))).toBe('posted');
    expect(attempts).toEqual([0, 50, 100]);
  });

  it('gives up on a message Slack refuses for good, and goes on with the next', async () => {
    const logs: string[] = [];
    const pacer = new ChannelPacer({
      log: jsonLogger('error', (line) => logs.push(line)),
      intervalMs: 1,
      send: async (p) => {
        if (p.text === 'm1') throw refused('not_in_channel');
      },
    });
    expect(await onFakeClock(Promise.all([pacer.post(post('A', 1)), pacer.post(post('A', 2))]))).toEqual([
      'lost',
      'posted',
    ]);
    expect(logs.join('')).toContain('not_in_channel');
  });

  it('retries a transient failure a few times', async () => {
    let fails = 2;
    const pacer = new ChannelPacer({
      log: quiet,
      intervalMs: 1,
      send: async () => {
        if (fails-- > 0) throw new Error('socket hang up');
      },
    });
    expect(await onFakeClock(pacer.post(post('A', 1)))).toBe('posted');
  });
});

describe('Recent', () => {
  it('claims a key once per ttl and forgets the oldest past its size', () => {
    let now = 0;
    const recent = new Recent(1000, 2, () => now);
    expect(recent.claim('a', true)).toBe(true);
    expect(recent.claim('a', true)).toBe(false);
    now = 999;
    expect(recent.has('a')).toBe(true);
    now = 1000;
    expect(recent.claim('a', true)).toBe(true);
    recent.claim('b', true);
    recent.claim('c', true);
    expect(recent.size).toBe(2);
    expect(recent.has('a')).toBe(false);
  });
});

const alarm = (over: Partial<AlarmRef> = {}): AlarmRef => ({
  alarmName: 'errors',
  state: 'ALARM',
  reason: null,
  region: 'eu-central-1',
  accountId: null,
  functionName: 'orders-api',
  time: '2026-11-24T05:00:00.000Z',
  source: 'chatbot',
  ...over,
});

describe('triageTarget', () => {
  const regions = ['eu-central-1', 'us-east-1'];
  const fallback = new Date('2026-11-24T06:00:00Z');

  it.each([
    ['the name, in the alarm region', alarm(), { function: 'orders-api', region: 'eu-central-1' }],
    [
      'an ARN in the alarm account',
      alarm({ accountId: '210987654321' }),
      { function: 'arn:aws:lambda:eu-central-1:210987654321:function:orders-api', region: 'eu-central-1' },
    ],
    [
      "the ARN's own region",
      alarm({ functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:x', region: 'eu-central-1' }),
      { function: 'arn:aws:lambda:us-east-1:123456789012:function:x', region: 'us-east-1' },
    ],
    [
      'the first region when the alarm has none',
      alarm({ region: null }),
      { function: 'orders-api', region: 'eu-central-1' },
    ],
  ])('addresses %s', (_name, given, ref) => {
    expect(triageTarget(given, regions, fallback)).toEqual({
      ref,
      alarmTime: new Date('2026-11-24T05:00:00.000Z'),
    });
  });

  it('uses the message time when the alarm has none', () => {
    expect(triageTarget(alarm({ time: null }), regions, fallback)).toMatchObject({ alarmTime: fallback });
  });

  it('names a region that is not configured', () => {
    expect(triageTarget(alarm({ region: 'ap-south-1' }), regions, fallback)).toEqual({
      problem: 'region ap-south-1 is not configured (AUDIT_REGIONS: eu-central-1, us-east-1)',
    });
  });

  it('reads Slack timestamps', () => {
    expect(dateOfTs('1717423330.000100')?.toISOString()).toBe('2024-06-03T14:02:10.000Z');
    expect(dateOfTs(undefined)).toBeNull();
    expect(dateOfTs('x')).toBeNull();
  });
});

describe('which messages are triaged', () => {
  const bot = { botUserId: 'U0BOT', botId: 'B0BOT' };
  const arn = 'arn:aws:lambda:eu-central-1:123456789012:function:orders-api';
  const msg = (fields: Record<string, unknown>) => asChannelMessage({ channel: 'C1', ts: '1.0', ...fields });

  it.each([
    ['a person naming an ARN', { user: 'U1', text: arn }, null],
    [
      'a bot naming an ARN',
      { subtype: 'bot_message', bot_id: 'B9', text: arn },
      'bot message without an alarm',
    ],
    ['our own post', { bot_id: 'B0BOT', text: arn }, 'own message'],
    ['a message mentioning the bot', { user: 'U1', text: `<@U0BOT> ${arn}` }, 'mentions the bot'],
    ['an edit', { subtype: 'message_changed', text: arn }, 'subtype message_changed'],
    ['chit-chat', { user: 'U1', text: 'lunch?' }, 'not an alarm'],
  ])('%s', (_name, fields, skip) => {
    const message = msg(fields);
    expect(message).not.toBeNull();
    if (message) expect(decide(message, bot, true).skip).toBe(skip);
  });

  it('skips alarms outside TRIAGE_CHANNELS but still reads them', () => {
    const message = msg({ user: 'U1', text: arn });
    expect(message && decide(message, bot, false)).toMatchObject({
      alarm: { functionName: 'orders-api' },
      skip: 'channel not in TRIAGE_CHANNELS',
    });
  });

  it('refuses events without a channel or ts', () => {
    expect(asChannelMessage({ ts: '1.0' })).toBeNull();
    expect(asChannelMessage({ channel: 'C1', ts: 1 })).toBeNull();
    expect(asChannelMessage(null)).toBeNull();
  });
});

describe('mentionWords', () => {
  it.each([
    ['<@U0BOT> orders-api --region us-east-1', ['orders-api', '--region', 'us-east-1']],
    ['<@U0BOT|lambda-audit>   ', []],
    ['hey <@U0BOT> <@U0ALICE> logs x', ['hey', 'logs', 'x']],
    [undefined, []],
  ])('%s', (text, words) => {
    expect(mentionWords(text)).toEqual(words);
  });
});
