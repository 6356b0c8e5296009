/**
 * A scan run from Slack keeps one progress message in the channel: posted when it starts,
 * edited (chat.update, paced and coalesced on a fake clock) as each account finishes, with the
 * accounts it could not enter shown as gaps, and ended with the result. Through the real Bolt
 * app, the real engine against the fake organization, and the fake Slack.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../src/engine-contract.js';
import { jsonLogger } from '../../src/log.js';
import { ScanProgressMessage } from '../../src/slack/scan-progress.js';
import {
  EXCLUDED,
  EXTERNAL_ID,
  LOCKED,
  MANAGEMENT_CREDENTIALS,
  MEMBER,
  orgWorld,
  REGION,
  ROLE_NAME,
} from '../fakes/org-world.js';
import { type FakeSlack, sendSlashCommand, startFakeSlack } from '../fakes/slack/index.js';
import { SECRET } from './harness.js';
import { BOT_USER, envelope, nextTs, startTriage, type TriageHarness } from './triage-harness.js';

const INTERVAL_MS = 1200;

/** A clock that stands still until something sleeps on it; every sleep is recorded. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const text = (body: unknown) => JSON.stringify(body);
/** "*2 of 3 accounts*" in an edit, as a number; null before the scan has units. */
const accountsDone = (body: unknown) => {
  const match = /\*(\d+) of 3 accounts\*/.exec(text(body));
  return match ? Number(match[1]) : null;
};

async function orgHarness(clock = fakeClock()): Promise<TriageHarness> {
  const h = await startTriage({
    world: orgWorld(),
    credentials: MANAGEMENT_CREDENTIALS,
    env: {
      AWS_REGION: REGION,
      AUDIT_REGIONS: 'all',
      AUDIT_ORG_ROLE_NAME: ROLE_NAME,
      AUDIT_EXTERNAL_ID: EXTERNAL_ID,
      AUDIT_ORG_EXCLUDE: EXCLUDED,
    },
    scanProgress: { intervalMs: INTERVAL_MS, now: clock.now, sleep: clock.sleep },
  });
  cleanups.push(() => h.close());
  return h;
}

describe('/lambda-audit scan over an organization', () => {
  it('posts one progress message, edits it as accounts finish with the unreachable account as a gap, and ends it with the result', async () => {
    const clock = fakeClock();
    const h = await orgHarness(clock);
    await sendSlashCommand(h.eventsUrl, SECRET, {
      text: 'scan',
      channel_id: 'C0OPS',
      response_url: `${h.slack.url}/response/scan`,
    });
    const answer = await h.slack.waitFor(
      () => h.slack.responsesTo('scan').find((r) => text(r.body).includes('Lambda scan')),
      20_000,
    );
    const finished = await h.slack.waitFor(
      () => h.slack.callsTo('chat.update').find((c) => text(c.body).includes('Scan finished')),
      10_000,
    );

    // One message: posted once in the channel, every edit on its ts, the last one the result.
    const posts = h.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0OPS');
    expect(posts).toHaveLength(1);
    const ts = h.slack.messagesIn('C0OPS')[0]?.ts;
    const edits = h.slack.callsTo('chat.update').map((c) => c.body);
    expect(edits.every((e) => e.channel === 'C0OPS' && e.ts === ts)).toBe(true);
    expect(edits.at(-1)).toBe(finished.body);
    expect(text(posts[0]?.body)).toContain('Scanning Lambda functions');
    expect(text(posts[0]?.body)).toContain('<@U0ALICE>');

    // Accounts done only grow, end at all three, and the account whose role refused is a gap
    // in every edit that shows units.
    const counts = edits.map(accountsDone).filter((n): n is number => n !== null);
    expect(counts.at(-1)).toBe(3);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    for (const edit of edits.filter((e) => accountsDone(e) !== null)) {
      expect(text(edit)).toContain('1 account could not be scanned');
      expect(text(edit)).toContain(`\`${LOCKED}\` \`sts:AssumeRole\``);
    }
    // The result: what the answer counted, and no AWS text past the reason's first sentence.
    const summary = /Lambda scan: (\d+ functions?)/.exec(text(answer.body))?.[1];
    expect(text(finished.body)).toContain(`Scan finished* for <@U0ALICE>: ${summary}`);
    expect(text(finished.body)).not.toContain(MEMBER);
    // Paced on the fake clock: every edit after the post waited its interval first.
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(edits.length);
    expect(clock.sleeps.every((ms) => ms > 0 && ms <= INTERVAL_MS)).toBe(true);
    // The answer is the user's own, a message of its own next to the channel's progress.
    expect(answer.body.replace_original).toBe(false);
  });

  it('where the bot cannot post, shows the progress once through response_url and the answer replaces it', async () => {
    const h = await orgHarness();
    h.slack.fail('chat.postMessage', 1, 200, { ok: false, error: 'not_in_channel' });
    await sendSlashCommand(h.eventsUrl, SECRET, {
      text: 'scan',
      channel_id: 'C0ELSEWHERE',
      response_url: `${h.slack.url}/response/scan`,
    });
    await h.slack.waitFor(
      () => h.slack.responsesTo('scan').find((r) => text(r.body).includes('Lambda scan')),
      20_000,
    );
    const posts = h.slack.responsesTo('scan').map((r) => r.body);
    expect(posts).toHaveLength(2);
    expect(text(posts[0])).toContain('Scanning Lambda functions');
    expect(posts[1]?.replace_original).toBe(true);
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
  });
});

describe('@lambda-audit scan', () => {
  it('keeps its progress message in the mention’s thread, next to the answer', async () => {
    const h = await orgHarness();
    const ts = nextTs();
    await h.send(
      envelope({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER}> scan`, ts, channel: 'C0OPS' }),
    );
    const answer = await h.slack.waitFor(
      () => h.posts().find((p) => text(p).includes('Lambda scan')),
      20_000,
    );
    const finished = await h.slack.waitFor(
      () => h.slack.callsTo('chat.update').find((c) => text(c.body).includes('Scan finished')),
      10_000,
    );
    const progress = h.posts().find((p) => text(p).includes('Scanning Lambda functions'));
    expect(progress?.thread_ts).toBe(ts);
    expect(answer.thread_ts).toBe(ts);
    const [message] = h.slack.messagesIn('C0OPS').filter((m) => m.text.includes('Scanning'));
    expect(finished.body.ts).toBe(message?.ts);
    expect(text(finished.body)).toContain('for <@U0BOB>');
    expect(text(finished.body)).toContain('1 account could not be scanned');
  });
});

describe('/lambda-audit scan that fails', () => {
  it('ends its progress message with the ref the log has, not the error', async () => {
    const h = await startTriage();
    cleanups.push(() => h.close());
    await sendSlashCommand(h.eventsUrl, SECRET, {
      text: 'scan --org',
      channel_id: 'C0OPS',
      response_url: `${h.slack.url}/response/org`,
    });
    const reply = await h.slack.waitFor(() => h.slack.responsesTo('org')[0], 10_000);
    expect(text(reply.body)).toContain('AUDIT_ORG_ROLE_NAME');
    const ended = await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0], 10_000);
    const ref = h.logs.find((l) => l.msg === 'command failed')?.ref;
    expect(ref).toEqual(expect.any(String));
    expect(text(ended.body)).toContain(`*The scan failed* (ref \`${ref}\`)`);
    expect(text(ended.body)).not.toContain('AUDIT_ORG_ROLE_NAME');
  });
});

describe('ScanProgressMessage', () => {
  let fake: FakeSlack;
  const progress = (accounts: number, unreachable = 0): ScanProgress => ({
    accounts: { done: accounts, total: 3 },
    units: { done: accounts, total: 3, elsewhere: 0 },
    slowest: accounts ? { unit: `${MEMBER}/${REGION}`, ms: 4_200 } : null,
    unreachable: Array.from({ length: unreachable }, () => ({
      accountId: LOCKED,
      api: 'sts:AssumeRole',
      reason:
        'could not assume the role: AccessDenied. User arn:aws:sts::111111111111:assumed-role/bot/s is not authorized',
    })),
  });

  async function started(clock = fakeClock()) {
    fake = await startFakeSlack();
    cleanups.push(() => fake.close());
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
    const message = new ScanProgressMessage(
      { client, log: jsonLogger('error', () => {}), intervalMs: INTERVAL_MS, ...clock },
      { channel: 'C0OPS' },
      { by: 'U0ALICE' },
    );
    expect(await message.start()).toBe(true);
    return { message, clock };
  }
  const edits = () => fake.callsTo('chat.update').map((c) => c.body);

  it('edits once per account that finishes, each edit an interval after the last', async () => {
    const { message, clock } = await started();
    for (const done of [1, 2, 3]) {
      message.onUnits(progress(done));
      await fake.waitFor(() => edits().length === done);
    }
    expect(edits().map(accountsDone)).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([INTERVAL_MS, INTERVAL_MS, INTERVAL_MS]);
    expect(text(edits()[0])).toContain(`Slowest so far: \`${MEMBER}/${REGION}\`, 4 s`);
  });

  it('coalesces what arrives while an edit waits, and functions alone never cause an edit', async () => {
    const { message } = await started();
    message.onFunctions(1, 9);
    message.onUnits(progress(0));
    message.onUnits(progress(1));
    message.onUnits(progress(2));
    message.onFunctions(7, 9);
    await fake.waitFor(() => edits().length === 1);
    await message.finish({
      kind: 'done',
      summary: {
        functions: 9,
        incomplete: 0,
        bySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
        regions: [REGION],
        failed: [],
      },
    });
    // The three changes went as one edit, then the result.
    expect(edits()).toHaveLength(2);
    expect(accountsDone(edits()[0])).toBe(2);
    expect(text(edits()[0])).toContain('7 functions audited');
    expect(text(edits()[1])).toContain('Scan finished* for <@U0ALICE>: 9 functions');
  });

  it('shows an account it could not enter at once, with the first sentence of the reason only', async () => {
    const { message } = await started();
    message.onUnits(progress(0, 1));
    await fake.waitFor(() => edits().length === 1);
    const edit = text(edits()[0]);
    expect(edit).toContain(':rotating_light: *1 account could not be scanned*');
    expect(edit).toContain('could not assume the role: AccessDenied.');
    expect(edit).not.toContain('assumed-role');
  });

  it('a failed scan ends the message with its ref, not the error', async () => {
    const { message } = await started();
    message.onUnits(progress(1));
    await message.finish({ kind: 'failed', ref: 'r-42' });
    const last = text(edits().at(-1));
    expect(last).toContain('*The scan failed* (ref `r-42`)');
    expect(last).not.toContain('accounts*');
    // After the end, late progress changes nothing.
    message.onUnits(progress(3));
    expect(edits().every((e) => accountsDone(e) !== 3)).toBe(true);
  });
});
