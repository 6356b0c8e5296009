/**
 * How the digest reaches Slack. The job only needs `postMessage`; production wraps
 * @slack/web-api's WebClient, tests may pass anything with the same shape.
 */
import { type types, webApi } from '@slack/bolt';

export interface DigestPost {
  channel: string;
  text: string;
  blocks: types.KnownBlock[];
  thread_ts?: string;
}

export interface DigestPoster {
  postMessage(message: DigestPost): Promise<{ ts: string }>;
}

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
    // Network blips and 5xx get a couple of quick retries; anything longer is the outbox's job.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  });
  return webClientPoster(client);
}
