/**
 * `@lambda-audit` in an alarm's thread answers about the thread's function; `@lambda-audit <fn>`
 * anywhere answers as the slash command does, in the mention's thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SHARE_ACTION_ID, TRIAGE_FULL_AUDIT_ACTION_ID } from '../../src/render/slack-ids.js';
import { blockActionsBody, sendButtonClick, sendSigned } from '../fakes/slack/index.js';
import { SECRET } from './harness.js';
import { buttonValue } from './interactive-harness.js';
import {
  ACCOUNT,
  amazonQAlarm,
  BOT_USER,
  envelope,
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
const text = (body: Record<string, unknown> | undefined) => JSON.stringify(body);

function mention(words: string, options: { ts?: string; thread?: string; channel?: string } = {}) {
  return {
    type: 'app_mention',
    user: 'U0ALICE',
    text: `<@${BOT_USER}> ${words}`.trim(),
    ts: options.ts ?? nextTs(),
    channel: options.channel ?? CHANNEL,
    ...(options.thread ? { thread_ts: options.thread } : {}),
  };
}

describe('a mention in an alarm thread', () => {
  it("answers about the thread's function, in the thread, even right after the alarm's reply", async () => {
    h = await startTriage();
    const alarmTs = nextTs();
    await h.send(envelope(amazonQAlarm('image-resizer', { channel: CHANNEL, ts: alarmTs })));
    await h.slack.waitFor(() => h?.posts()[0], 15_000);

    await h.send(envelope(mention('what happened?', { thread: alarmTs })));
    const answer = await h.slack.waitFor(() => h?.posts()[1], 15_000);
    expect(answer.thread_ts).toBe(alarmTs);
    expect(text(answer)).toContain('*ALARM* `image-resizer-errors` on `image-resizer`');
    expect(text(answer)).toContain('*2 timeouts*');
  });

  it('reads the first message of a thread it has not seen (conversations.replies)', async () => {
    const alarmTs = nextTs();
    h = await startTriage({
      threads: { [alarmTs]: amazonQAlarm('orders-api', { channel: CHANNEL, ts: alarmTs }) },
    });
    await h.send(envelope(mention('', { thread: alarmTs })));
    const answer = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(answer.thread_ts).toBe(alarmTs);
    expect(text(answer)).toContain('*ALARM* `orders-api-errors` on `orders-api`');
  });

  it('answers about another function when the mention names one', async () => {
    h = await startTriage();
    const alarmTs = nextTs();
    await h.send(envelope(amazonQAlarm('image-resizer', { channel: CHANNEL, ts: alarmTs })));
    await h.slack.waitFor(() => h?.posts()[0], 15_000);
    await h.send(envelope(mention('legacy-url', { thread: alarmTs })));
    const answer = await h.slack.waitFor(() => h?.posts()[1], 15_000);
    expect(answer.thread_ts).toBe(alarmTs);
    expect(text(answer)).toContain('Lambda audit: legacy-url');
  });
});

describe('@lambda-audit <fn> anywhere', () => {
  it("gives the slash command's answer in the mention's thread", async () => {
    h = await startTriage();
    const ts = nextTs();
    const sent = await h.send(envelope(mention('orders-api', { ts })));
    expect(sent.status).toBe(200);
    const answer = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(answer.channel).toBe(CHANNEL);
    expect(answer.thread_ts).toBe(ts);
    expect(text(answer)).toContain('Lambda audit: orders-api');
    expect(text(answer)).toContain('*Who can invoke it*');
  });

  it('answers an unknown function with what to do', async () => {
    h = await startTriage();
    await h.send(envelope(mention('no-such-function')));
    const answer = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(text(answer)).toContain('Check the name');
  });

  it('answers once when the same message arrives as a message and as an app_mention', async () => {
    h = await startTriage();
    const ts = nextTs();
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resizer`;
    const said = { user: 'U0ALICE', text: `<@${BOT_USER}> ${arn}`, ts, channel: CHANNEL };
    await h.send(envelope({ type: 'message', ...said }));
    await h.send(envelope({ type: 'app_mention', ...said }));
    await h.slack.waitFor(() => h?.posts()[0], 15_000);
    await settle(h);
    expect(h.posts()).toHaveLength(1);
    expect(text(h.posts()[0])).toContain('Lambda audit: image-resizer');
  });
});

describe('Share in channel on a mention answer', () => {
  it('is offered in the thread, and posts the answer to the channel itself, attributed', async () => {
    h = await startTriage();
    const ts = nextTs();
    await h.send(envelope(mention('orders-api', { ts })));
    const answer = await h.slack.waitFor(() => h?.posts()[0], 15_000);
    expect(answer.thread_ts).toBe(ts);
    const value = buttonValue(answer, SHARE_ACTION_ID);
    const answerTs = h.slack.messagesIn(CHANNEL)[0]?.ts ?? '';
    const sent = await sendSigned(
      h.eventsUrl,
      SECRET,
      blockActionsBody({
        actionId: SHARE_ACTION_ID,
        element: 'button',
        value,
        responseUrl: `${h.slack.url}/response/share`,
        userId: 'U0BOB',
        channelId: CHANNEL,
        message: { ts: answerTs },
      }),
    );
    expect(sent.status).toBe(200);
    const shared = await h.slack.waitFor(() => h?.posts()[1], 15_000);
    expect(shared.channel).toBe(CHANNEL);
    // In the channel, not in the mention's thread.
    expect(shared.thread_ts).toBeUndefined();
    expect(text(shared)).toContain('Lambda audit: orders-api');
    expect(text(shared)).toContain('Shared by <@U0BOB>');
    expect(text(shared)).not.toContain(SHARE_ACTION_ID);
    expect(h.slack.responsesTo('share')).toEqual([]);
  });
});

describe('the Full audit button', () => {
  it('sends the whole audit to whoever clicked it', async () => {
    h = await startTriage();
    const sent = await sendButtonClick(h.eventsUrl, SECRET, {
      actionId: TRIAGE_FULL_AUDIT_ACTION_ID,
      value: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resizer`,
      responseUrl: `${h.slack.url}/response/full`,
    });
    expect(sent.status).toBe(200);
    const answer = await h.slack.waitFor(() => h?.slack.responsesTo('full')[0], 15_000);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(text(answer.body)).toContain('Lambda audit: image-resizer');
  });
});
