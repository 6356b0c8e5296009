import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../src/slack/app.js';
import { Limiter } from '../../src/slack/limiter.js';
import { COMMAND } from '../../src/slack/listeners/lambda-audit-command.js';
import { sendEvent } from '../fakes/slack/index.js';
import { engineDouble, type Harness, SECRET, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const signedJson = (url: string, body: object) => sendEvent(url, SECRET, body);

describe('the events the manifest subscribes to', () => {
  it('answers Slack URL verification with the challenge', async () => {
    harness = await startHarness(engineDouble());
    const sent = await signedJson(harness.eventsUrl, {
      type: 'url_verification',
      challenge: 'c-123',
      token: 't',
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toContain('c-123');
  });

  it('acknowledges an app_mention at once and answers it in its thread', async () => {
    const engine = engineDouble();
    harness = await startHarness(engine);
    const sent = await signedJson(harness.eventsUrl, {
      type: 'event_callback',
      team_id: 'T0FAKE',
      api_app_id: 'A0APP',
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: '<@U0BOT> orders-api',
        ts: '1.2',
        channel: 'C0CHAN',
      },
      event_id: 'Ev1',
      event_time: 1,
    });
    expect(sent.status).toBe(200);
    // The answer follows the ack (triage-mention.test.ts covers what it says).
    const post = await harness.fake.waitFor(() => harness?.fake.callsTo('chat.postMessage')[0]);
    expect(post.body.thread_ts).toBe('1.2');
    expect(engine.auditCalls).toEqual([{ function: 'orders-api', region: 'eu-central-1' }]);
  });
});

describe('manifest.yml', () => {
  const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');

  it('declares the command the app listens for, at the path it serves', () => {
    expect(manifest).toContain(`- command: ${COMMAND}\n`);
    const urls = [...manifest.matchAll(/(?:url|request_url): (\S+)/g)].map((m) => m[1]);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(url?.endsWith(EVENTS_PATH)).toBe(true);
  });

  it('asks for exactly the scopes it justifies', () => {
    const oauth = manifest.slice(manifest.indexOf('oauth_config:'), manifest.indexOf('settings:'));
    const scopes = [...oauth.matchAll(/^ {6}- ([a-z.:_]+)$/gm)].map((m) => m[1]);
    expect(scopes).toEqual([
      'commands',
      'chat:write',
      'app_mentions:read',
      'channels:history',
      'files:write',
    ]);
  });
});

describe('Limiter', () => {
  it('runs at most `max` at once and the rest in order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (i: number) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(i);
        running -= 1;
      });
    await Promise.all([1, 2, 3, 4, 5].map(job));
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('frees the slot when work fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await limiter.run(async () => 'ok')).toBe('ok');
  });
});
