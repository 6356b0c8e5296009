/**
 * The real Bolt app, started by `serve` on a free local port, with its Web API pointed at the
 * fake Slack; tests send it signed requests and read what arrived at the fake.
 */

import { NO_CREDENTIALS } from '../../src/aws/errors.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createEngine, type EngineOptions } from '../../src/engine.js';
import type { Engine, FunctionRef } from '../../src/engine-contract.js';
import { AwsError } from '../../src/errors.js';
import { jsonLogger } from '../../src/log.js';
import type { AuditReport, ScanReport } from '../../src/model.js';
import { UNUSED_SERVICES_PENDING } from '../../src/render/audit-blocks.js';
import { EVENTS_PATH, type SlackAppOptions } from '../../src/slack/app.js';
import { type ServeHandle, serve } from '../../src/slack/serve.js';
import type { Store } from '../../src/store/store.js';
import { CREDENTIALS } from '../fakes/aws/test-world.js';
import {
  type FakeSlack,
  type SendOptions,
  type SentRequest,
  sendSlashCommand,
  startFakeSlack,
} from '../fakes/slack/index.js';
import { makeReport, makeScan, REGION } from './fixtures.js';

export const SECRET = 'test-signing-secret';

/** A scan progress message's pacing on a clock that stands still and sleeps no time: no test waits for it. */
export const INSTANT_PACING = { now: () => 0, sleep: async () => {} };

export function testConfig(fake: FakeSlack, env: Record<string, string> = {}): Config {
  return loadConfig({
    AUDIT_REGIONS: REGION,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'error',
    ...env,
  });
}

export interface EngineDouble extends Engine {
  auditCalls: FunctionRef[];
  scanCalls: (readonly string[])[];
  /** Lets held audits finish (when built with `held: true`). */
  release(): void;
}

/**
 * A stand-in for the engine for listener tests: answers from fixtures, after `delayMs`, or
 * not until release() when `held`. The function `missing` does not exist; `denied` is refused; `nocreds` finds no AWS credentials.
 */
export function engineDouble(
  options: { delayMs?: number; held?: boolean; report?: (ref: FunctionRef) => AuditReport } = {},
): EngineDouble {
  let open: () => void = () => {};
  const gate = options.held ? new Promise<void>((resolve) => (open = resolve)) : Promise.resolve();
  const wait = async () => {
    await gate;
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  };
  const double: EngineDouble = {
    regions: [REGION, 'us-east-1'],
    auditCalls: [],
    scanCalls: [],
    release: () => open(),
    async audit(ref) {
      double.auditCalls.push(ref);
      await wait();
      if (ref.function === 'missing') {
        throw new AwsError(
          'aws_not_found',
          'lambda:GetFunction',
          `Function not found: ${ref.function} in ${ref.region}`,
        );
      }
      if (ref.function === 'denied') {
        throw new AwsError(
          'aws_access_denied',
          'lambda:GetFunction',
          'AccessDenied: missing permission lambda:GetFunction',
        );
      }
      if (ref.function === 'nocreds') throw new AwsError('config', 'lambda:GetFunction', NO_CREDENTIALS);
      if (ref.function === 'bug')
        throw new TypeError("Cannot read properties of undefined (reading 'Statement')");
      return options.report
        ? options.report(ref)
        : makeReport({ name: ref.function, findings: 3, region: ref.region });
    },
    async triage(ref) {
      // The same fixtures as audit (and the same failures), without a log search.
      return { report: await double.audit(ref), logs: null, lastModified: null };
    },
    async scan(regions): Promise<ScanReport> {
      double.scanCalls.push(regions);
      await wait();
      return makeScan(3);
    },
  };
  return double;
}

export interface Harness {
  fake: FakeSlack;
  handle: ServeHandle;
  eventsUrl: string;
  /** Parsed structured log lines the app wrote. */
  logs: Record<string, unknown>[];
  /** Sends `/lambda-audit <text>` with a fresh response_url; `id` names it in fake.responses. */
  command(text: string, id: string, options?: SendOptions): Promise<SentRequest>;
  close(): Promise<void>;
}

export interface HarnessExtras {
  /** A store: commands are recorded and handed over (another replica may share it). */
  store?: Store;
  /** Another replica's fake Slack to share; that replica closes it. */
  fake?: FakeSlack;
  /** Hand-over timings (handover.ts), shortened for tests. */
  handover?: SlackAppOptions['handover'];
  owner?: string;
}

export async function startHarness(
  engine: Engine,
  env: Record<string, string> = {},
  extras: HarnessExtras = {},
): Promise<Harness> {
  const fake = extras.fake ?? (await startFakeSlack());
  const logs: Record<string, unknown>[] = [];
  const log = jsonLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const handle = await serve(testConfig(fake, env), engine, {
    log,
    // Fast backoff so a test waits out the Retry-After itself, not a 30-minute policy.
    retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 50 },
    maxRetryWaitMs: 5000,
    scanProgress: INSTANT_PACING,
    ...(extras.store ? { store: extras.store } : {}),
    ...(extras.handover ? { handover: extras.handover } : {}),
    ...(extras.owner ? { owner: extras.owner } : {}),
  });
  const eventsUrl = `http://127.0.0.1:${handle.port}${EVENTS_PATH}`;
  return {
    fake,
    handle,
    eventsUrl,
    logs,
    command: (text, id, options) =>
      sendSlashCommand(eventsUrl, SECRET, { text, response_url: `${fake.url}/response/${id}` }, options),
    async close() {
      await handle.stop();
      if (!extras.fake) await fake.close();
    },
  };
}

/**
 * The real engine against the fake AWS at `awsUrl`, served by the real app whose Web API is the
 * fake Slack: what end-to-end tests send signed requests to. `close` stops both.
 */
export async function serveRealEngine(
  fake: FakeSlack,
  awsUrl: string,
  options: { env?: Record<string, string>; engine?: EngineOptions } = {},
): Promise<{ eventsUrl: string; close: () => Promise<void> }> {
  const config = testConfig(fake, { AUDIT_REGIONS: REGION, ...options.env });
  const engine = createEngine(config, { endpoint: awsUrl, credentials: CREDENTIALS }, options.engine);
  const handle = await serve(config, engine, {
    log: jsonLogger('error', () => {}),
    scanProgress: INSTANT_PACING,
  });
  return {
    eventsUrl: `http://127.0.0.1:${handle.port}${EVENTS_PATH}`,
    close: async () => {
      await handle.stop();
      engine.close();
    },
  };
}

/**
 * The answer posted to response id `id` once it is whole: past an early answer that still waits
 * for IAM's last-accessed job, to the update that replaces it.
 */
export function completeAnswer(
  fake: FakeSlack,
  id: string,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  return fake.waitFor(
    () =>
      fake
        .responsesTo(id)
        .map((r) => r.body)
        .findLast((body) => !JSON.stringify(body).includes(UNUSED_SERVICES_PENDING)),
    timeoutMs,
  );
}

/** Every mrkdwn/plain text in a posted message, and its fallback text, as one string. */
export function allText(body: Record<string, unknown>): string {
  return JSON.stringify(body);
}
