/**
 * Builds the triage desk for the app: its own Web API client for posting (429s come back to the
 * pacer instead of pausing every call the app makes), the app's client for reading threads.
 */
import { type Logger, webApi } from '@slack/bolt';
import type { Engine } from '../../engine-contract.js';
import type { LogSink } from '../../log.js';
import type { Claims } from '../../store/store.js';
import type { SlackMessageLike } from '../../triage/parse.js';
import type { InFlight } from '../inflight.js';
import { type ThreadReader, TriageDesk, type TriageOptions } from './desk.js';
import { ChannelPacer } from './pacer.js';

export { TriageDesk, type TriageOptions, type Where } from './desk.js';
export { SLACK_POST_INTERVAL_MS } from './pacer.js';

/**
 * The thread's first message through conversations.replies (channels:history): Slack returns the
 * parent first. Only the parent is asked for, which keeps the call cheap on long threads.
 */
export function threadReader(client: webApi.WebClient): ThreadReader {
  return async (channel, ts) => {
    const answer = await client.conversations.replies({ channel, ts, limit: 1, inclusive: true });
    const first = answer.messages?.[0];
    // The messages are plain JSON; the parser checks every field it reads at run time.
    return first && first.ts === ts ? (first as SlackMessageLike) : null;
  };
}

export interface TriageWiring {
  token: string;
  clientOptions: webApi.WebClientOptions;
  logger: Logger;
  reader: webApi.WebClient;
  engine: Engine;
  inflight: InFlight;
  log: LogSink;
  triageChannels: readonly string[];
  options?: TriageOptions;
  /** The store's once-only keys, shared by replicas (see desk.ts). */
  claims?: Claims | undefined;
}

export function createTriageDesk(w: TriageWiring): TriageDesk {
  const poster = new webApi.WebClient(w.token, {
    ...w.clientOptions,
    logger: w.logger,
    rejectRateLimitedCalls: true,
  });
  const pacer = new ChannelPacer({
    log: w.log,
    ...(w.options?.postIntervalMs !== undefined ? { intervalMs: w.options.postIntervalMs } : {}),
    send: (post) =>
      poster.chat.postMessage({
        channel: post.channel,
        thread_ts: post.thread_ts,
        text: post.text,
        blocks: post.blocks,
        // A reply quoting a URL from a log line must not unfurl a preview of it.
        unfurl_links: false,
        unfurl_media: false,
      }),
  });
  return new TriageDesk({
    engine: w.engine,
    inflight: w.inflight,
    pacer,
    readThread: threadReader(w.reader),
    log: w.log,
    triageChannels: w.triageChannels,
    claims: w.claims,
    ...(w.options ? { options: w.options } : {}),
  });
}
