/**
 * Triage through the real Bolt app: the real engine against the fake AWS (the sample account),
 * the fake Slack for the Web API, and Events API requests signed as Slack signs them, with
 * Slack's retry headers when a test redelivers one.
 */

import { createEngine, type RunningEngine } from '../../src/engine.js';
import { jsonLogger } from '../../src/log.js';
import { EVENTS_PATH, type SlackAppOptions } from '../../src/slack/app.js';
import { type ServeHandle, serve } from '../../src/slack/serve.js';
import type { TriageOptions } from '../../src/slack/triage/index.js';
import type { Store } from '../../src/store/store.js';
import type { FakeAws, World } from '../fakes/aws/index.js';
import { startFakeAws } from '../fakes/aws/index.js';
import { CREDENTIALS, sampleWorld } from '../fakes/sample-world.js';
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_ID,
  type FakeSlack,
  sendEvent,
  startFakeSlack,
} from '../fakes/slack/index.js';
import { INSTANT_PACING, SECRET, testConfig } from './harness.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';
export const BOT_USER = FAKE_BOT_USER_ID;
export const BOT_ID = FAKE_BOT_ID;
/** The sample account's functions in eu-central-1 (13) and us-east-1 (2). */
export const EU_FUNCTIONS = [
  'orders-api',
  'public-webhook',
  'legacy-url',
  'image-resizer',
  'billing-export',
  'ops-hook',
  'sns-fanout',
  'partner-sync',
  'reports-api',
  'stream-processor',
  'kafka-consumer',
  'internal-tools',
  'legacy-cron',
];

const MINUTE = 60_000;

/**
 * The sample account, with image-resizer failing in the last minutes (timeouts, an OOM kill and
 * a line that tries to ping the channel) and changed 20 minutes ago: an alarm fired now sees all.
 */
export function triageWorld(): World {
  const world = sampleWorld();
  const region = world.accounts[ACCOUNT]?.regions[REGION];
  const group = region?.logGroups?.find((g) => g.logGroupName === '/aws/lambda/image-resizer');
  const fn = region?.functions?.find((f) => f.Configuration.FunctionName === 'image-resizer');
  if (!group || !fn) throw new Error('the sample world changed: image-resizer is missing');
  const stream = '2026/11/24/[$LATEST]4f1c0a9e';
  group.events = [
    ...(group.events ?? []),
    { timestamp: -6 * MINUTE, message: 'a1b2 Task timed out after 30.03 seconds', logStreamName: stream },
    { timestamp: -5 * MINUTE, message: 'c3d4 Task timed out after 30.01 seconds', logStreamName: stream },
    {
      timestamp: -4 * MINUTE,
      message: 'RequestId: e5f6 Error: Runtime exited with error: signal: killed Runtime.OutOfMemory',
      logStreamName: stream,
    },
    {
      timestamp: -3 * MINUTE,
      message: '[ERROR] <!channel> resize failed for big.tiff',
      logStreamName: stream,
    },
  ];
  fn.Configuration.LastModified = new Date(Date.now() - 20 * MINUTE).toISOString().replace('Z', '+0000');
  return world;
}

/** A CloudWatch alarm as Amazon Q Developer (AWS Chatbot) posts it: a bot message with blocks. */
export function amazonQAlarm(
  fn: string,
  options: {
    channel: string;
    ts: string;
    alarm?: string;
    state?: 'ALARM' | 'OK';
    at?: Date;
    region?: string;
  },
): Record<string, unknown> {
  const alarm = options.alarm ?? `${fn}-errors`;
  const region = options.region ?? REGION;
  const at = (options.at ?? new Date()).toISOString().replace('Z', '+0000');
  return {
    type: 'message',
    subtype: 'bot_message',
    bot_id: 'B0AMAZONQ',
    username: 'Amazon Q',
    channel: options.channel,
    ts: options.ts,
    text: `CloudWatch Alarm | ${alarm} | ${region}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*:rotating_light: CloudWatch Alarm | ${alarm} | ${region} | Account: ${ACCOUNT}*`,
        },
      },
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: `The alarm ${alarm} changed state to ${options.state ?? 'ALARM'}` },
            ],
          },
        ],
      },
      {
        type: 'section',
        fields: [
          {
            type: 'mrkdwn',
            text: '*Reason*\nThreshold Crossed: 1 out of the last 1 datapoints [3.0] was greater than or equal to the threshold (1.0).',
          },
          { type: 'mrkdwn', text: '*Metric*\nAWS/Lambda Errors' },
          { type: 'mrkdwn', text: `*Dimensions*\nFunctionName: \`${fn}\`` },
          { type: 'mrkdwn', text: `*State change time*\n${at}` },
        ],
      },
    ],
  };
}

/** Slack message timestamps: unique, increasing, near now. */
let tsCounter = 0;
export function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
}

let eventCounter = 0;
export function envelope(
  event: Record<string, unknown>,
  eventId = `Ev${++eventCounter}`,
): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: FAKE_TEAM_ID,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event,
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
  };
}

export interface TriageHarness {
  aws: FakeAws;
  slack: FakeSlack;
  engine: RunningEngine;
  handle: ServeHandle;
  /** Where Slack POSTs events and clicks. */
  eventsUrl: string;
  logs: Record<string, unknown>[];
  /** Sends an event callback, signed; `retry` adds Slack's X-Slack-Retry-Num/-Reason headers. */
  send(body: Record<string, unknown>, retry?: number): Promise<{ status: number }>;
  /** chat.postMessage calls Slack accepted (429s are not in this list). */
  posts(): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  triage?: TriageOptions;
  /** Stands in for Slack's conversations.replies (the fake does not know it): thread ts -> first message. */
  threads?: Record<string, Record<string, unknown>>;
  /** The store the app's deliveries and replies are claimed in (another replica may share it). */
  store?: Store;
  /** Another replica's fakes to share (its AWS and Slack); closed by that replica, not this one. */
  sharedWith?: TriageHarness;
  /** Another world than triageWorld() (an organization), and the credentials the bot holds in it. */
  world?: World;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** A scan progress message's pace and clock. */
  scanProgress?: SlackAppOptions['scanProgress'];
  /** A scan's unit lease and poll (units another replica holds); the app's name on its claims. */
  scanUnits?: SlackAppOptions['scanUnits'];
  owner?: string;
}

/** Answers conversations.replies from `threads`; every other request goes to the fake Slack. */
function withThreads(threads: Record<string, Record<string, unknown>>): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/conversations.replies')) return fetch(input, init);
    const params = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
    const first = threads[params.get('ts') ?? ''];
    const body = first
      ? { ok: true, messages: [first], has_more: false }
      : { ok: false, error: 'thread_not_found' };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  };
}

export async function startTriage(options: HarnessOptions = {}): Promise<TriageHarness> {
  const aws = options.sharedWith?.aws ?? (await startFakeAws({ world: options.world ?? triageWorld() }));
  const slack = options.sharedWith?.slack ?? (await startFakeSlack());
  const config = testConfig(slack, { AUDIT_REGIONS: `${REGION},us-east-1`, ...options.env });
  const engine = createEngine(
    config,
    { endpoint: aws.url, credentials: options.credentials ?? CREDENTIALS },
    // Lifted quotas: these tests are about Slack's pacing, not AWS's.
    { quotas: { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000, 'sts:*': 2000, 'organizations:*': 2000 } },
  );
  const logs: Record<string, unknown>[] = [];
  const handle = await serve(config, engine, {
    log: jsonLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
    maxRetryWaitMs: 5000,
    ...(options.triage ? { triage: options.triage } : {}),
    ...(options.threads ? { fetch: withThreads(options.threads) } : {}),
    ...(options.store ? { store: options.store } : {}),
    scanProgress: options.scanProgress ?? INSTANT_PACING,
    ...(options.scanUnits ? { scanUnits: options.scanUnits } : {}),
    ...(options.owner ? { owner: options.owner } : {}),
  });
  const url = `http://127.0.0.1:${handle.port}${EVENTS_PATH}`;
  return {
    aws,
    slack,
    engine,
    handle,
    eventsUrl: url,
    logs,
    async send(body, retry) {
      const sent = await sendEvent(url, SECRET, body, retry ? { retryNum: retry } : {});
      return { status: sent.status };
    },
    posts: () => slack.callsTo('chat.postMessage').map((c) => c.body),
    async close() {
      await handle.stop();
      engine.close();
      if (options.sharedWith) return;
      await slack.close();
      await aws.close();
    },
  };
}

/** Waits until nothing new has been posted for `quietMs` (so "no reply" is not a race). */
export async function settle(h: TriageHarness, quietMs = 300): Promise<void> {
  let last = -1;
  for (;;) {
    const now = h.slack.attempts.length;
    if (now === last) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** Waits for the app to log `msg` (with `fields`, if given) and returns the line. */
export function logged(
  h: TriageHarness,
  msg: string,
  fields: Record<string, unknown> = {},
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  return h.slack.waitFor(
    () => h.logs.find((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v)),
    timeoutMs,
  );
}
