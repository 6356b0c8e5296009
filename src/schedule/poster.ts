/**
 * How the digest reaches Slack: `postMessage`, and `findPosted` to read back a part whose post
 * may have gone through before a crash. Every part carries message metadata naming its slot and
 * part, so the bot recognises its own message. Production wraps @slack/web-api's WebClient;
 * tests may pass anything with the same shape.
 */
import { type types, webApi } from '@slack/bolt';

/** The metadata event type on every digest message (visible to apps, not to people). */
export const DIGEST_EVENT_TYPE = 'lambda_audit_digest';

/** Which part of which slot's digest a message is. */
export interface DigestPart {
  slot: string;
  part: number;
}

export interface DigestPost {
  channel: string;
  text: string;
  blocks: types.KnownBlock[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: { slot: string; part: number } };
}

export interface DigestLookup extends DigestPart {
  channel: string;
  /** For a thread reply (part > 0): the channel message's ts. */
  threadTs?: string;
  /** Only messages after this time (the entry's creation) can be it. */
  since: Date;
}

export interface DigestPoster {
  postMessage(message: DigestPost): Promise<{ ts: string }>;
  /** The ts of the bot's message for this part, if Slack has it; null when it does not. */
  findPosted(lookup: DigestLookup): Promise<{ ts: string } | null>;
}

export function digestMetadata(part: DigestPart): NonNullable<DigestPost['metadata']> {
  return { event_type: DIGEST_EVENT_TYPE, event_payload: { slot: part.slot, part: part.part } };
}

interface ReadMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

function isPart(message: ReadMessage, part: DigestPart): boolean {
  const payload = message.metadata?.event_payload;
  return (
    message.metadata?.event_type === DIGEST_EVENT_TYPE &&
    payload?.slot === part.slot &&
    payload.part === part.part
  );
}

/** Pages of history are read until the message is found or this many were seen. */
const MAX_HISTORY_MESSAGES = 1000;

/** Slack said 429: try again after `retryAfterMs`, not before. */
export class SlackRateLimitedError extends Error {
  readonly code = 'slack_rate_limited';
  constructor(
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(`Slack rate-limited the digest; retry after ${Math.round(retryAfterMs / 1000)} s`, options);
    this.name = 'SlackRateLimitedError';
  }
}

function isRateLimited(error: unknown): error is { retryAfter: number } {
  const e = error as { code?: unknown; retryAfter?: unknown };
  return e?.code === webApi.ErrorCode.RateLimitedError && typeof e.retryAfter === 'number';
}

/**
 * A poster over a WebClient. Rate-limited calls are rejected at once (rejectRateLimitedCalls)
 * rather than slept on inside the client: the outbox then waits the Retry-After on its own
 * clock, with the digest safely on disk, and a restart during the wait loses nothing.
 */
export function webClientPoster(client: webApi.WebClient): DigestPoster {
  return {
    async findPosted(lookup) {
      if (lookup.threadTs) {
        const thread = await client.conversations.replies({
          channel: lookup.channel,
          ts: lookup.threadTs,
          include_all_metadata: true,
          limit: 200,
        });
        const found = (thread.messages as ReadMessage[] | undefined)?.find((m) => isPart(m, lookup));
        return found?.ts ? { ts: found.ts } : null;
      }
      // A minute of slack for clock skew between this host and Slack.
      const oldest = ((lookup.since.getTime() - 60_000) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let seen = 0; seen < MAX_HISTORY_MESSAGES; ) {
        const page = await client.conversations.history({
          channel: lookup.channel,
          oldest,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        const messages = (page.messages ?? []) as ReadMessage[];
        const found = messages.find((m) => isPart(m, lookup));
        if (found?.ts) return { ts: found.ts };
        seen += messages.length;
        cursor = page.response_metadata?.next_cursor || undefined;
        if (!cursor || messages.length === 0) break;
      }
      return null;
    },
    async postMessage(message) {
      try {
        const answer = await client.chat.postMessage(message);
        if (!answer.ts) throw new Error('chat.postMessage answered without a ts');
        return { ts: answer.ts };
      } catch (error) {
        if (isRateLimited(error)) throw new SlackRateLimitedError(error.retryAfter * 1000, { cause: error });
        throw error;
      }
    },
  };
}

/** The production poster: a bot-token WebClient, optionally at SLACK_API_URL. */
export function createDigestPoster(token: string, apiUrl?: string): DigestPoster {
  const client = new webApi.WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    rejectRateLimitedCalls: true,
    // A hung request must end well inside the posting claim's lease (outbox.ts): after it, another
    // replica may take the entry over, and a post still in flight then could double a part.
    timeout: 5_000,
    // Network blips and 5xx get a couple of quick retries; anything longer is the outbox's job.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  });
  return webClientPoster(client);
}
