/**
 * The Bolt app: transport and wiring only. HTTP mode verifies every request's signature (Bolt's
 * HTTPReceiver: HMAC-SHA256 of `v0:{timestamp}:{body}`, timestamps older than 5 minutes refused
 * with 401, and future-dated ones too: future-timestamp.ts) before any listener runs; Socket Mode is used when an app-level token is set.
 */
import type { ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import { snoozedSource } from '../../commands/snoozed.js';
import type { Config } from '../config.js';
import type { Engine } from '../engine-contract.js';
import { ConfigError } from '../errors.js';
import { errorFields, jsonLogger, type LogSink } from '../log.js';
import { processOwner } from '../store/sql-store.js';
import type { Store } from '../store/store.js';
import type { TicketSink } from '../tickets/sink.js';
import { createInteractive } from './actions/interactive.js';
import { boltLogger } from './bolt-logger.js';
import { createDeliverer, ResponseUrlBudget } from './deliver.js';
import { refuseFutureDated } from './future-timestamp.js';
import { CommandHandover } from './handover.js';
import { InFlight } from './inflight.js';
import { Limiter } from './limiter.js';
import { type ListenerDeps, registerListeners } from './listeners/index.js';
import { answerCommand } from './listeners/lambda-audit-command.js';
import { OutputCache } from './output-cache.js';
import { RenderMemo } from './rendered.js';
import { SCAN_PROGRESS_INTERVAL_MS, type ScanProgressWiring } from './scan-progress.js';
import { createTriageDesk, type TriageOptions } from './triage/index.js';

/** Where Slack sends slash commands and interactivity in HTTP mode (manifest.yml uses it too). */
export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

/**
 * Web API retries: after a 429 the client first sleeps the Retry-After seconds, then this policy's
 * backoff; other transient failures get the backoff alone. Bounded so an answer is not retried
 * for half an hour (the client's default) after the user has given up.
 */
export const WEB_API_RETRY: webApi.RetryOptions = {
  retries: 5,
  factor: 2,
  minTimeout: 200,
  maxTimeout: 10_000,
  randomize: true,
};

/**
 * Audits at once. Each waits on AWS most of its time, so 4 keep answers flowing, while a burst of
 * commands cannot flood the event loop the acks share (bench/slack-ack.ts measures both).
 */
export const MAX_CONCURRENT_AUDITS = 4;

export interface SlackAppOptions {
  log?: LogSink;
  /** Used for response_url posts and by the Web API client; the global fetch by default. */
  fetch?: typeof fetch;
  retryConfig?: webApi.RetryOptions;
  /** How long a response_url post may wait out 429s in total before falling back. */
  maxRetryWaitMs?: number;
  /** Audits and scans run at once; more wait their turn (see limiter.ts). */
  maxConcurrentAudits?: number;
  /** Alarm triage: post pacing per channel, audit pool, quiet period (defaults in triage/desk.ts). */
  triage?: TriageOptions;
  /** Findings' decisions and ticket intents; without a store, answers carry no buttons. */
  store?: Store;
  /** Where "Open ticket" files (TICKET_SINK); null or absent hides the option. */
  tickets?: TicketSink | null;
  /** This process's name on the commands it holds (handover.ts); random by default. */
  owner?: string;
  /** Command hand-over timings (tests shorten them). */
  handover?: { leaseMs?: number; sweepMs?: number };
  /** The buttons' clock (snooze ends, the decisions cache); the system's by default. */
  now?: () => Date;
  /** The pace of a scan's progress edits, on a clock tests can fake (scan-progress.ts). */
  scanProgress?: Partial<Pick<ScanProgressWiring, 'intervalMs' | 'now' | 'sleep'>>;
  /** A scan's unit lease and the wait between looks at units other replicas hold (tests shorten them). */
  scanUnits?: ListenerDeps['scanUnits'];
}

export interface SlackApp {
  app: App;
  receiver: HTTPReceiver | SocketModeReceiver;
  mode: 'http' | 'socket';
  deps: ListenerDeps;
}

export interface SlackCredentials {
  botToken: string;
  signingSecret: string | null;
  appToken: string | null;
}

/**
 * The Slack settings `serve` needs, or a ConfigError naming the first one missing or wrong. The
 * signing secret is only needed in HTTP mode: Socket Mode requests arrive over an authenticated
 * websocket instead.
 */
export function slackCredentials(config: Config): SlackCredentials {
  const { botToken, signingSecret, appToken } = config.slack;
  if (!botToken)
    throw new ConfigError("SLACK_BOT_TOKEN: required for serve; the app's Bot User OAuth Token (xoxb-...)");
  if (!botToken.startsWith('xoxb-'))
    throw new ConfigError('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
  if (appToken && !appToken.startsWith('xapp-')) {
    throw new ConfigError(
      'SLACK_APP_TOKEN: expected an app-level token starting with xapp- (or unset it for HTTP mode)',
    );
  }
  if (!appToken && !signingSecret) {
    throw new ConfigError(
      "SLACK_SIGNING_SECRET: required for serve in HTTP mode; the app's Signing Secret (Basic Information)",
    );
  }
  return { botToken, signingSecret, appToken };
}

/** The WebClient wants a trailing slash: `https://slack.com/api/`. */
export function slackApiUrl(config: Config): string | undefined {
  const url = config.slack.apiUrl;
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

function health(_req: unknown, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok\n');
}

/**
 * Builds the app without touching the network: call `await app.init()` (checks the token with
 * auth.test) and then `app.start(port)`, as `serve` does.
 */
export function createSlackApp(config: Config, engine: Engine, options: SlackAppOptions = {}): SlackApp {
  const creds = slackCredentials(config);
  const log = options.log ?? jsonLogger(config.logLevel);
  const logger = boltLogger(log, config.logLevel);
  const apiUrl = slackApiUrl(config);
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: options.retryConfig ?? WEB_API_RETRY,
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const customRoutes = [{ path: HEALTH_PATH, method: ['GET'], handler: health }];
  const receiver = creds.appToken
    ? new SocketModeReceiver({
        appToken: creds.appToken,
        logger,
        customRoutes,
        // apps.connections.open goes through this client, so SLACK_API_URL reaches it too.
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: creds.signingSecret ?? '',
        endpoints: EVENTS_PATH,
        logger,
        customRoutes,
        // Respond at ack(), not after the listener: the audit runs after the 200 has gone.
        processBeforeResponse: false,
      });
  if (receiver instanceof HTTPReceiver) refuseFutureDated(receiver, log);
  const app = new App({
    token: creds.botToken,
    receiver,
    logger,
    clientOptions,
    // auth.test happens in init(), where serve can turn a bad token into one clear line.
    deferInitialization: true,
    // No listener keeps conversation state; skip the per-request store lookup.
    convoStore: false,
  });
  const cache = new OutputCache();
  const inflight = new InFlight();
  const interactive = options.store
    ? createInteractive({
        store: options.store,
        tickets: options.tickets ?? null,
        approvers: config.approverUserIds,
        log,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.now ? { now: options.now } : {}),
      })
    : undefined;
  // `/lambda-audit snoozed` lists this store's decisions.
  const store = options.store;
  if (store) snoozedSource.list = () => store.findings({ states: ['snoozed', 'accepted'] });
  const owner = options.owner ?? processOwner();
  const deps: ListenerDeps = {
    ...(interactive ? { interactive } : {}),
    owner,
    ...(options.scanUnits ? { scanUnits: options.scanUnits } : {}),
    engine,
    inflight,
    limiter: new Limiter(options.maxConcurrentAudits ?? MAX_CONCURRENT_AUDITS),
    cache,
    renders: new RenderMemo(cache, interactive && { ticket: interactive.tickets !== null }),
    log,
    scanProgress: {
      client: app.client,
      log,
      intervalMs: SCAN_PROGRESS_INTERVAL_MS,
      now: () => performance.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options.scanProgress,
    },
    deliverer: createDeliverer({
      client: app.client,
      log,
      budget: new ResponseUrlBudget(),
      post: {
        fetch: options.fetch ?? globalThis.fetch,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        maxWaitMs: options.maxRetryWaitMs ?? 60_000,
      },
    }),
    triage: createTriageDesk({
      token: creds.botToken,
      clientOptions,
      logger,
      reader: app.client,
      engine,
      inflight,
      log,
      triageChannels: config.triageChannels,
      claims: options.store,
      ...(options.triage ? { options: options.triage } : {}),
    }),
  };
  if (options.store) {
    deps.handover = new CommandHandover({
      ledger: options.store,
      owner,
      log,
      answer: (command, finish) => answerCommand(command, deps, finish),
      ...options.handover,
    });
  }
  registerListeners(app, deps);
  app.error(async (error) => {
    // Listeners catch their own failures; what arrives here is Bolt's (authorize, routing).
    log.log('error', 'bolt error', errorFields(error));
  });
  return { app, receiver, mode: creds.appToken ? 'socket' : 'http', deps };
}
