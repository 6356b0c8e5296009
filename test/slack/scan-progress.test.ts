/**
 * `/lambda-audit scan` keeps one message up to date through response_url: a progress message,
 * replaced by the answer, within Slack's five uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAws } from '../fakes/aws/index.js';
import { sampleWorld } from '../fakes/sample-world.js';
import { sendSlashCommand, startFakeSlack } from '../fakes/slack/index.js';
import { SECRET, serveRealEngine } from './harness.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('/lambda-audit scan', () => {
  it('shows its progress in one message that the answer replaces', async () => {
    const aws = await startFakeAws({ world: sampleWorld(), lastAccessedPolls: 0, latencyMs: 20 });
    const slack = await startFakeSlack();
    const app = await serveRealEngine(slack, aws.url, {
      engine: { quotas: { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000 } },
    });
    cleanups.push(
      () => aws.close(),
      () => slack.close(),
      () => app.close(),
    );

    const sent = await sendSlashCommand(app.eventsUrl, SECRET, {
      text: 'scan',
      response_url: `${slack.url}/response/scan`,
    });
    expect(sent.status).toBe(200);
    const answered = () =>
      slack.responsesTo('scan').find((r) => JSON.stringify(r.body).includes('orders-api'));
    await slack.waitFor(answered, 20_000);

    const posts = slack.responsesTo('scan').map((r) => r.body as Record<string, unknown>);
    expect(JSON.stringify(posts[0])).toContain('Scanning 13 functions');
    expect(posts[0]?.replace_original).toBe(false);
    // Every later post replaces the message: one message on the user's screen throughout.
    expect(posts.slice(1).every((p) => p.replace_original === true)).toBe(true);
    expect(posts.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(posts.at(-1))).toContain('billing-export');
  });
});
