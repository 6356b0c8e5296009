/**
 * Exposure-change alerts end to end: the fake AWS (its SQS queue fed as EventBridge would), the
 * real engine, the fake Slack, and serve, in-process and as a process started from the
 * environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeWatcher } from '../../src/changes/watch.js';
import { createEngine } from '../../src/engine.js';
import { jsonLogger } from '../../src/log.js';
import { limitViolations } from '../../src/render/limits.js';
import { createDigestPoster } from '../../src/schedule/poster.js';
import { startChangeAlerts } from '../../src/slack/change-alerts.js';
import { serve } from '../../src/slack/serve.js';
import { openStore } from '../../src/store/open.js';
import { backdooredWorld, LIFTED, privateWorld } from '../changes/harness.js';
import { fakeAwsEnv, startCli } from '../e2e/cli-process.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { ACCOUNT, CREDENTIALS, EVENTS_QUEUE_ARN, REGION } from '../fakes/aws/test-world.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { changeEventFixture } from '../fixtures/change-events/index.js';
import { SECRET, testConfig } from './harness.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ALERTS = 'C0ALERTS';

async function fakes(): Promise<{ aws: FakeAws; slack: FakeSlack }> {
  const aws = await startFakeAws({ world: privateWorld(), lastAccessedPolls: 0 });
  const slack = await startFakeSlack();
  cleanups.push(
    () => aws.close(),
    () => slack.close(),
  );
  return { aws, slack };
}

const alerts = (slack: FakeSlack) =>
  slack.callsTo('chat.postMessage').filter((c) => c.body.channel === ALERTS);

describe('serve posts exposure changes to ALERT_CHANNEL', () => {
  async function started() {
    const { aws, slack } = await fakes();
    const config = testConfig(slack, {
      CHANGE_EVENTS_QUEUE_URL: `${aws.url}/${ACCOUNT}/change-events`,
      ALERT_CHANNEL: ALERTS,
    });
    const engine = createEngine(config, { endpoint: aws.url, credentials: CREDENTIALS }, { quotas: LIFTED });
    const store = await openStore(':memory:');
    await store.recordScan(await engine.scan([REGION]));
    const log = jsonLogger('error', () => {});
    const handle = await serve(config, engine, { store, log });
    const watcher = startChangeAlerts(config, {
      engine,
      store,
      log,
      tickets: false,
      poster: createDigestPoster('xoxb-test', slack.apiUrl),
      aws: { endpoint: aws.url, credentials: CREDENTIALS },
      tuning: { waitSeconds: 1, coalesceMs: 50, retrySeconds: () => 0 },
    }) as ChangeWatcher;
    cleanups.push(
      () => store.close(),
      () => engine.close(),
      () => handle.stop(),
      () => watcher.stop(),
    );
    return { aws, slack, watcher };
  }

  it('one alert for a backdoor AddPermission: the function, the actor, the new critical finding, with menus', async () => {
    const { aws, slack, watcher } = await started();
    aws.setWorld(backdooredWorld());
    aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    const [alert] = await slack.waitFor(() => alerts(slack).length > 0 && alerts(slack), 10_000);
    const text = JSON.stringify(alert?.body);
    expect(text).toContain('Exposure change: orders-api');
    expect(text).toContain('AddPermission20150331v2');
    expect(text).toContain('arn:aws:iam::123456789012:user/mallory');
    expect(text).toContain('203.0.113.7');
    expect(text).toContain('policy-public-invoke');
    expect(text).toContain('CRITICAL');
    expect(text).toContain('lambda_audit_finding_menu');
    expect(limitViolations({ text: String(alert?.body.text), blocks: alert?.body.blocks as never })).toEqual(
      [],
    );
    // A tag change and a redelivery of the same event post nothing more.
    aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-tag-resource'));
    aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    await slack.waitFor(
      () => watcher.stats.events === 3 && aws.sqs.messages(EVENTS_QUEUE_ARN).length === 0,
      10_000,
    );
    expect(alerts(slack)).toHaveLength(1);
  });

  it('a rate-limited post is retried, not dropped', async () => {
    const { aws, slack } = await started();
    slack.rateLimit('chat.postMessage', 1, 0);
    aws.setWorld(backdooredWorld());
    aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    await slack.waitFor(() => alerts(slack).length > 0, 10_000);
    expect(slack.attempts.filter((a) => a.path === 'api/chat.postMessage').map((a) => a.status)).toEqual([
      429, 200,
    ]);
  });
});

describe('lambda-audit serve as a process, with CHANGE_EVENTS_QUEUE_URL', () => {
  it('posts the alert within 10 s of the enqueue, queue wait included', async () => {
    const { aws, slack } = await fakes();
    // The state the alert is compared with: a scan stored before the change.
    const dir = mkdtempSync(join(tmpdir(), 'lambda-audit-alerts-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const databaseUrl = `file:${join(dir, 'audit.db')}`;
    const config = testConfig(slack);
    const engine = createEngine(config, { endpoint: aws.url, credentials: CREDENTIALS }, { quotas: LIFTED });
    const store = await openStore(databaseUrl);
    await store.recordScan(await engine.scan([REGION]));
    await store.close();
    engine.close();

    const serve = startCli(['serve'], {
      ...fakeAwsEnv(aws.url),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      CHANGE_EVENTS_QUEUE_URL: `${aws.url}/${ACCOUNT}/change-events`,
      ALERT_CHANNEL: ALERTS,
    });
    cleanups.push(() => serve.stop());
    await serve.waitFor(
      (p) => p.stderr.includes('"msg":"listening"') && p.stderr.includes('"msg":"watching change events"'),
      20_000,
      'start-up',
    );
    aws.setWorld(backdooredWorld());
    aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    const [alert] = await slack.waitFor(() => alerts(slack).length > 0 && alerts(slack), 10_000);
    expect(JSON.stringify(alert?.body)).toContain('policy-public-invoke');
    expect(JSON.stringify(alert?.body)).toContain('arn:aws:iam::123456789012:user/mallory');
  }, 40_000);
});
