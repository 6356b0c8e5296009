/**
 * Every way of running a scan from Slack keeps it in the store as the scheduled scan and the
 * Home tab's "Run a scan" do: the slash command and a mention, through the real Bolt app, the
 * real engine against the fake AWS, and a real store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { sendSlashCommand } from '../fakes/slack/index.js';
import { SECRET } from './harness.js';
import { BOT_USER, envelope, nextTs, startTriage, type TriageHarness } from './triage-harness.js';

let h: TriageHarness | undefined;
let store: Store | undefined;
afterEach(async () => {
  await h?.close();
  await store?.close();
  h = undefined;
  store = undefined;
});

async function started(): Promise<{ h: TriageHarness; store: Store }> {
  store = await openStore(':memory:');
  h = await startTriage({ store });
  return { h, store };
}

function homeOpened(user: string) {
  return envelope({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: nextTs() });
}

/** The function names a message lists as `name`, in order. */
const named = (text: string) => [...text.matchAll(/`([\w-]+)`/g)].map((m) => m[1]);

describe('a scan run from Slack', () => {
  it('/lambda-audit scan is recorded, and the Home tab published afterwards shows it', async () => {
    const { h, store } = await started();
    expect(await store.latestScan()).toBeNull();
    const sent = await sendSlashCommand(h.eventsUrl, SECRET, {
      text: 'scan',
      response_url: `${h.slack.url}/response/scan`,
    });
    expect(sent.status).toBe(200);
    const answer = await h.slack.waitFor(
      () => h.slack.responsesTo('scan').find((r) => JSON.stringify(r.body).includes('Lambda scan')),
      20_000,
    );

    const latest = await store.latestScan();
    expect(latest?.functions).toBeGreaterThan(0);
    const answered = JSON.stringify(answer.body);
    expect(answered).toContain(`Lambda scan: ${latest?.functions} functions`);

    await h.send(homeOpened('U0ALICE'));
    const publish = await h.slack.waitFor(() => h.slack.callsTo('views.publish')[0], 10_000);
    const home = JSON.stringify(publish.body.view);
    // The time of this scan, and its riskiest function first, as the answer listed it.
    const finished = Math.floor(Date.parse(latest?.finishedAt ?? '') / 1000);
    expect(home).toContain(`Last scan <!date^${finished}^`);
    const riskiestInAnswer = named(answered.slice(answered.indexOf(':red_circle:')))[0];
    const homeList = home.slice(home.indexOf('Riskiest functions'));
    expect(riskiestInAnswer).toBeDefined();
    expect(named(homeList)[0]).toBe(riskiestInAnswer);
  });

  it('@lambda-audit scan is recorded too', async () => {
    const { h, store } = await started();
    await h.send(
      envelope({
        type: 'app_mention',
        user: 'U0ALICE',
        text: `<@${BOT_USER}> scan --region eu-central-1`,
        ts: nextTs(),
        channel: 'C0OPS',
      }),
    );
    const reply = await h.slack.waitFor(
      () => h.posts().find((p) => JSON.stringify(p).includes('Lambda scan')),
      20_000,
    );
    const latest = await store.latestScan();
    expect(latest?.regions).toEqual(['eu-central-1']);
    expect(JSON.stringify(reply)).toContain(`Lambda scan: ${latest?.functions} functions`);
  });

  it('two scans of the same regions at once run and are recorded once', async () => {
    const { h, store } = await started();
    const scans = ['first', 'second'].map((id) =>
      sendSlashCommand(h.eventsUrl, SECRET, { text: 'scan', response_url: `${h.slack.url}/response/${id}` }),
    );
    await Promise.all(scans);
    for (const id of ['first', 'second'])
      await h.slack.waitFor(
        () => h?.slack.responsesTo(id).find((r) => JSON.stringify(r.body).includes('Lambda scan')),
        20_000,
      );
    expect((await store.latestScan())?.id).toBe(1);
    expect(h.logs.filter((l) => l.msg === 'slack scan recorded')).toHaveLength(1);
    // One scan, one progress message: the second command was told it joined the first.
    const progress = h.posts().filter((p) => JSON.stringify(p).includes('Scanning Lambda functions'));
    expect(progress).toHaveLength(1);
    const told = [...h.slack.responsesTo('first'), ...h.slack.responsesTo('second')];
    expect(told.filter((r) => JSON.stringify(r.body).includes('Already auditing the scan'))).toHaveLength(1);
  });
});
