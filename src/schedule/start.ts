import type { Config } from '../config.js';
import type { Engine } from '../engine-contract.js';
import { ConfigError } from '../errors.js';
import type { LogSink } from '../log.js';
import type { Store } from '../store/store.js';
import type { TicketSink } from '../tickets/sink.js';
import { DigestJob } from './job.js';
import { createDigestPoster, type DigestPoster } from './poster.js';

/**
 * For `serve`: the digest job from the configuration, started (outbox flushed, cron running),
 * or null when DIGEST_CHANNEL is unset (the digest is off). Stop it before closing the store.
 */
export async function startDigest(
  config: Config,
  deps: {
    engine: Pick<Engine, 'scan' | 'scanResult'>;
    store: Store;
    log?: LogSink;
    poster?: DigestPoster;
    /** TICKET_SINK: fixed findings' tickets get a comment; the digest offers "Open ticket". */
    tickets?: TicketSink | null;
    /** This process's name on its claims (REPLICA_ID); random by default. */
    owner?: string;
  },
): Promise<DigestJob | null> {
  const channel = config.digest.channel;
  if (!channel) return null;
  const token = config.slack.botToken;
  if (!deps.poster && !token)
    throw new ConfigError('SLACK_BOT_TOKEN: required to post the digest to DIGEST_CHANNEL');
  const job = new DigestJob({
    store: deps.store,
    engine: deps.engine,
    regions: config.regions,
    poster: deps.poster ?? createDigestPoster(token ?? '', config.slack.apiUrl ?? undefined),
    channel,
    cron: config.digest.cron,
    timezone: config.digest.timezone,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.owner ? { owner: deps.owner } : {}),
    // serve's app answers the digest's menus; its store is the one the job writes.
    tickets: deps.tickets ?? null,
    actions: { ticket: Boolean(deps.tickets) },
    minSeverity: config.digest.minSeverity,
  });
  await job.start();
  return job;
}
