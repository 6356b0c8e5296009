import type { AddressInfo } from 'node:net';
import type { ChangeWatcher } from '../changes/watch.js';
import { type Config, loadConfig } from '../config.js';
import { createEngine } from '../engine.js';
import type { Engine } from '../engine-contract.js';
import { ConfigError } from '../errors.js';
import { errorFields, jsonLogger } from '../log.js';
import { type DigestJob, startDigest } from '../schedule/index.js';
import { openStore } from '../store/open.js';
import { processOwner } from '../store/sql-store.js';
import { sinkFromEnv } from '../tickets/from-env.js';
import { createSlackApp, EVENTS_PATH, type SlackApp, type SlackAppOptions, slackCredentials } from './app.js';
import { startChangeAlerts } from './change-alerts.js';
import { slackErrorCode } from './error-reply.js';

/**
 * How long a stopping bot lets accepted commands finish before it hands the rest over, within
 * the 30 s a container platform usually allows between SIGTERM and SIGKILL.
 */
export const SHUTDOWN_GRACE_MS = 20_000;
/** After the grace, this long for hand-over, claims and the store to close; then the process ends. */
const SHUTDOWN_MARGIN_MS = 5_000;

export interface ServeHandle {
  slack: SlackApp;
  /** The port listened on in HTTP mode (the real one when config.port is 0); null in Socket Mode. */
  port: number | null;
  /**
   * Stops taking requests, gives accepted commands `graceMs` (0 by default) to be answered, and
   * hands the rest over to another replica or a successor (logged, one line each).
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Validates the Slack settings, checks the token with Slack (auth.test), and starts listening:
 * on config.port in HTTP mode, over a websocket in Socket Mode. A missing or rejected setting
 * throws ConfigError with one line naming it.
 */
export async function serve(
  config: Config,
  engine: Engine,
  options: SlackAppOptions = {},
): Promise<ServeHandle> {
  slackCredentials(config);
  const log = options.log ?? jsonLogger(config.logLevel);
  const slack = createSlackApp(config, engine, { ...options, log });
  try {
    await slack.app.init();
  } catch (error) {
    const problem = slackErrorCode(error);
    if (problem) throw new ConfigError(`SLACK_BOT_TOKEN: Slack refused it (${problem})`);
    throw new ConfigError(
      `SLACK_API_URL: could not reach Slack to check the token (${errorFields(error).error})`,
    );
  }
  let port: number | null = null;
  if (slack.mode === 'http') {
    const server = await slack.app.start(config.port);
    port = (server.address() as AddressInfo).port;
    log.log('info', 'listening', { mode: 'http', port, path: EVENTS_PATH });
  } else {
    await slack.app.start();
    log.log('info', 'connected', { mode: 'socket' });
  }
  slack.deps.handover?.start();
  let stopping: Promise<void> | null = null;
  return {
    slack,
    port,
    // Once: a second SIGTERM (or a test's cleanup after one) waits for the first stop.
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        await slack.app.stop();
        await slack.deps.handover?.stop(stopOptions.graceMs ?? 0);
      })();
      return stopping;
    },
  };
}

/** `lambda-audit serve`: configuration from the environment, the real engine, stop on SIGTERM/SIGINT. */
export async function serveFromEnv(env: Record<string, string | undefined>): Promise<ServeHandle> {
  const config = loadConfig(env);
  slackCredentials(config);
  // A chosen sink with a bad variable stops start-up here, before anything is opened.
  const tickets = sinkFromEnv(env);
  // One name for this process on every claim it makes: the store's, the digest's, the commands'.
  const owner = config.replicaId ?? processOwner();
  const store = await openStore(config.databaseUrl, { owner }).catch((error: unknown) => {
    throw new ConfigError(`DATABASE_URL: could not open the store (${errorFields(error).error})`);
  });
  const engine = createEngine(config);
  // One logger for the app and the digest job: every post, retry and claim reaches the same stream.
  const log = jsonLogger(config.logLevel);
  let handle: ServeHandle;
  let digest: DigestJob | null = null;
  let alerts: ChangeWatcher | null = null;
  try {
    // The daily digest (off unless DIGEST_CHANNEL is set); pending digests are posted at once.
    digest = await startDigest(config, { engine, store, tickets, log, owner });
    // Exposure-change alerts (off unless CHANGE_EVENTS_QUEUE_URL is set).
    alerts = startChangeAlerts(config, { engine, store, log, tickets: Boolean(tickets) });
    handle = await serve(config, engine, { store, tickets, log, owner });
  } catch (error) {
    // Open SDK sockets and timers would keep the process alive after the one-line error.
    await alerts?.stop();
    await digest?.stop();
    engine.close();
    await store.close();
    throw error;
  }
  const shutdown = (signal: string) => {
    // Nothing may keep a stopping bot alive past the grace and its margin: what was not answered
    // by then was handed over, and is in the store for another replica or the successor.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS + SHUTDOWN_MARGIN_MS).unref();
    log.log('info', 'stopping: no new work; finishing what was accepted', {
      signal,
      graceMs: SHUTDOWN_GRACE_MS,
    });
    void handle
      .stop({ graceMs: SHUTDOWN_GRACE_MS })
      .then(() => Promise.all([digest?.stop(), alerts?.stop()]))
      .catch((error: unknown) => log.log('error', 'shutdown failed', errorFields(error)))
      .finally(async () => {
        engine.close();
        await store.close().catch(() => undefined);
        log.log('info', 'stopped');
        process.exit(0);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return handle;
}
