import { afterEach, describe, expect, it } from 'vitest';
import { runWatchCli } from '../../commands/watch.js';
import { main } from '../../src/cli.js';
import { loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { jsonLogger } from '../../src/log.js';
import { backdooredWorld, LIFTED, poll, privateWorld } from '../changes/harness.js';
import { fakeAwsEnv, startCli } from '../e2e/cli-process.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { ACCOUNT, CREDENTIALS, EVENTS_QUEUE_ARN, REGION } from '../fakes/aws/test-world.js';
import { changeEventFixture } from '../fixtures/change-events/index.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeAws(): Promise<FakeAws> {
  const aws = await startFakeAws({ world: privateWorld(), lastAccessedPolls: 0 });
  cleanups.push(() => aws.close());
  return aws;
}

describe('lambda-audit watch', () => {
  it('prints each change as one JSON line, and stops when told', async () => {
    const aws = await fakeAws();
    const config = loadConfig({
      AWS_REGION: REGION,
      DATABASE_URL: ':memory:',
      CHANGE_EVENTS_QUEUE_URL: `${aws.url}/${ACCOUNT}/change-events`,
    });
    const engine = createEngine(config, { endpoint: aws.url, credentials: CREDENTIALS }, { quotas: LIFTED });
    cleanups.push(() => engine.close());
    const lines: string[] = [];
    let stop = () => {};
    const until = new Promise<void>((resolve) => (stop = resolve));
    const running = runWatchCli([], {
      config,
      engine,
      format: 'json',
      out: (text) => lines.push(text),
      until,
      log: jsonLogger('error', () => {}),
      aws: { endpoint: aws.url, credentials: CREDENTIALS },
      tuning: { waitSeconds: 1, coalesceMs: 50, retrySeconds: () => 0 },
    });
    // No stored scan: the backdoored function's critical findings are all new to the store.
    aws.setWorld(backdooredWorld());
    aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    await poll(() => lines.length > 0);
    stop();
    expect(await running).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const change = JSON.parse(lines[0] ?? '');
    expect(change.function.name).toBe('orders-api');
    expect(change.events[0]).toMatchObject({
      name: 'AddPermission20150331v2',
      actor: 'arn:aws:iam::123456789012:user/mallory',
    });
    expect(change.opened.map((f: { check: string }) => f.check)).toContain('policy-public-invoke');
  });

  it.each([
    [
      ['watch', '--format', 'sarif'],
      { CHANGE_EVENTS_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/q' },
      /watch --format must be text or json/,
    ],
    [
      ['watch', 'orders-api'],
      { CHANGE_EVENTS_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/q' },
      /watch takes no arguments/,
    ],
    [['watch'], {}, /CHANGE_EVENTS_QUEUE_URL: required for watch/],
    [
      ['watch'],
      { CHANGE_EVENTS_QUEUE_URL: 'sqs://nope' },
      /CHANGE_EVENTS_QUEUE_URL: expected an SQS queue URL/,
    ],
  ])('%j exits 2 with one line saying what is wrong', async (argv, env, message) => {
    let err = '';
    const code = await main(argv, {
      out: () => {},
      err: (t) => (err += t),
      isTty: false,
      env: { AWS_REGION: REGION, DATABASE_URL: ':memory:', ...env },
    });
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('runs as a process from the environment and prints the change as text', async () => {
    const aws = await fakeAws();
    const watch = startCli(['watch'], {
      ...fakeAwsEnv(aws.url),
      DATABASE_URL: ':memory:',
      CHANGE_EVENTS_QUEUE_URL: `${aws.url}/${ACCOUNT}/change-events`,
    });
    cleanups.push(() => watch.stop());
    await watch.waitFor((p) => p.stderr.includes('"msg":"watching change events"'), 20_000, 'start-up');
    aws.setWorld(backdooredWorld());
    aws.sqs.enqueue(EVENTS_QUEUE_ARN, changeEventFixture('lambda-add-permission-public'));
    await watch.waitFor((p) => p.stdout.includes('policy-public-invoke'), 15_000, 'the change');
    expect(watch.stdout).toMatch(
      /^orders-api \(eu-central-1, 123456789012\): \d+ new findings?; exposure internet-open\n/,
    );
    expect(watch.stdout).toContain(
      'after AddPermission20150331v2 at 2026-12-03T13:00:01Z by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    );
    expect(await watch.stop()).toBe(0);
  }, 45_000);
});
