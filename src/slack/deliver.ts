/**
 * Getting an answer to the person who asked. The response_url comes first (it works in any
 * channel, even ones the bot is not in); when it is used up, expired or failing, the answer goes
 * through chat.postEphemeral; when that fails too, the log says so. A 429 is waited out, never
 * taken as a reason to drop the answer.
 */
import type { webApi } from '@slack/bolt';
import { errorFields, type LogSink } from '../log.js';
import type { SlackMessage } from '../render/limits.js';

/** Slack: a response_url takes 5 messages within 30 minutes of the interaction. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

/** Counts what each response_url has taken, so the sixth answer goes the other way at once. */
export class ResponseUrlBudget {
  private readonly uses = new Map<string, { count: number; firstAt: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Uses left for this URL (5 for one never used, 0 once expired). */
  remaining(url: string): number {
    const entry = this.uses.get(url);
    if (!entry) return RESPONSE_URL_USES;
    if (this.now() - entry.firstAt >= RESPONSE_URL_TTL_MS) return 0;
    return Math.max(0, RESPONSE_URL_USES - entry.count);
  }

  /** Records a use; the clock starts at the first one (a close lower bound of Slack's). */
  use(url: string): void {
    this.prune();
    const entry = this.uses.get(url);
    if (entry) entry.count += 1;
    else this.uses.set(url, { count: 1, firstAt: this.now() });
  }

  private prune(): void {
    const cutoff = this.now() - RESPONSE_URL_TTL_MS;
    for (const [url, entry] of this.uses) if (entry.firstAt < cutoff) this.uses.delete(url);
  }
}

export class ResponseUrlError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`response_url answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'ResponseUrlError';
  }
}

/** Seconds, or an HTTP date, as RFC 9110 allows; anything unreadable means one second. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  if (header === null) return 1000;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

export interface PostOptions {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** Give up rather than wait longer than this in total for 429s. */
  maxWaitMs: number;
}

/**
 * POSTs to a response_url, honouring Retry-After on 429. Bolt's respond() does one attempt and
 * throws on a 429 without the header's value, so we post ourselves with the same JSON body.
 */
export async function postToResponseUrl(url: string, body: object, options: PostOptions): Promise<void> {
  let waited = 0;
  for (;;) {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 429) throw new ResponseUrlError(response.status, text);
    const wait = retryAfterMs(response.headers.get('retry-after'));
    if (waited + wait > options.maxWaitMs)
      throw new ResponseUrlError(429, `gave up after waiting ${waited} ms`);
    waited += wait;
    await options.sleep(wait);
  }
}

export interface Destination {
  responseUrl: string | undefined;
  channel: string | undefined;
  user: string;
}

/** Where a click on a message is answered: the message's response_url, its channel, the clicker. */
export function destinationOf(body: {
  response_url: string;
  channel?: { id: string };
  user: { id: string };
}): Destination {
  return { responseUrl: body.response_url, channel: body.channel?.id, user: body.user.id };
}

export type Delivered = 'response_url' | 'ephemeral' | 'lost';

export interface Deliverer {
  deliver(
    to: Destination,
    message: SlackMessage,
    visibility?: 'ephemeral' | 'in_channel',
    /** Replace the message this response_url last posted (a progress message) instead of adding one. */
    replace?: boolean,
  ): Promise<Delivered>;
  remaining(to: Destination): number;
}

export function createDeliverer(deps: {
  client: webApi.WebClient;
  log: LogSink;
  budget: ResponseUrlBudget;
  post: PostOptions;
}): Deliverer {
  const { client, log, budget } = deps;
  return {
    remaining: (to) => (to.responseUrl ? budget.remaining(to.responseUrl) : 0),
    async deliver(to, message, visibility = 'ephemeral', replace = false) {
      const url = to.responseUrl;
      if (url && budget.remaining(url) > 0) {
        try {
          budget.use(url);
          await postToResponseUrl(
            url,
            { ...message, response_type: visibility, replace_original: replace },
            deps.post,
          );
          return 'response_url';
        } catch (error) {
          log.log('warn', 'response_url failed; falling back to chat.postEphemeral', {
            user: to.user,
            channel: to.channel,
            ...errorFields(error),
          });
        }
      }
      if (!to.channel) {
        log.log('error', 'answer lost: no usable response_url and no channel', { user: to.user });
        return 'lost';
      }
      try {
        // The Web API client waits out 429s itself (Retry-After), per its retryConfig.
        await client.chat.postEphemeral({
          channel: to.channel,
          user: to.user,
          text: message.text,
          blocks: message.blocks,
        });
        return 'ephemeral';
      } catch (error) {
        log.log('error', 'answer lost: chat.postEphemeral failed too', {
          user: to.user,
          channel: to.channel,
          ...errorFields(error),
        });
        return 'lost';
      }
    },
  };
}
