/**
 * Posts to Slack at most one message per `intervalMs` per channel, in order, and never drops one
 * for a rate limit. chat.postMessage allows about one message per second per channel (short
 * bursts tolerated, with no guarantee); a burst of 50 alarms in one channel sent at once would
 * meet 429s, and a web client that waits them out pauses every other call it makes meanwhile.
 * Here each channel has its own queue: a 429 holds that channel for its Retry-After and then
 * resends the same message, while other channels keep flowing.
 */
import { type types, webApi } from '@slack/bolt';
import { errorFields, type LogSink } from '../../log.js';

/** Slack's pace for chat.postMessage: one message per second per channel. */
export const SLACK_POST_INTERVAL_MS = 1000;

/** Network failures and 5xx (after the web client's own retries): tried again this many times. */
const TRANSIENT_RETRIES = 3;

export interface Post {
  channel: string;
  /** The thread to answer in: the alarm's (or the mention's) ts. */
  thread_ts: string;
  text: string;
  blocks: types.KnownBlock[];
}

/** `posted`, or `lost` when Slack refused it for good (channel gone, bot removed) or kept failing. */
export type PostResult = 'posted' | 'lost';

export interface PacerOptions {
  /** Sends one message; must reject with the web client's rate-limited error on a 429. */
  send: (post: Post) => Promise<unknown>;
  log: LogSink;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

interface Job {
  post: Post;
  done: (result: PostResult) => void;
}

/** Seconds to wait when `error` is the web client's 429 (rejectRateLimitedCalls), else null. */
function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof Error)) return null;
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  if (code !== webApi.ErrorCode.RateLimitedError) return null;
  return typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter * 1000 : 1000;
}

/** Slack answered `ok: false` (channel_not_found, not_in_channel, invalid_blocks...): resending cannot help. */
function isRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === webApi.ErrorCode.PlatformError;
}

export class ChannelPacer {
  private readonly queues = new Map<string, Job[]>();
  /** When each channel may take its next message (epoch ms); kept after its queue empties. */
  private readonly nextAt = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: PacerOptions) {
    this.intervalMs = options.intervalMs ?? SLACK_POST_INTERVAL_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** Queues a message for its channel; resolves once Slack has taken it (or refused it for good). */
  post(post: Post): Promise<PostResult> {
    return new Promise((done) => {
      const queue = this.queues.get(post.channel);
      if (queue) {
        queue.push({ post, done });
        return;
      }
      this.queues.set(post.channel, [{ post, done }]);
      void this.drain(post.channel);
    });
  }

  /** Messages waiting or being sent, over all channels. */
  get pending(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  private async drain(channel: string): Promise<void> {
    const queue = this.queues.get(channel) ?? [];
    for (let job = queue[0]; job; job = queue[0]) {
      const wait = (this.nextAt.get(channel) ?? 0) - this.now();
      if (wait > 0) await this.sleep(wait);
      const result = await this.deliver(job.post);
      // Spaced from when Slack answered, not from when we sent: the next message then arrives at
      // least a full interval after this one did, whatever the network did to either.
      this.nextAt.set(channel, this.now() + this.intervalMs);
      queue.shift();
      job.done(result);
    }
    this.queues.delete(channel);
    this.forgetPast();
  }

  private async deliver(post: Post): Promise<PostResult> {
    for (let failures = 0; ; ) {
      try {
        await this.options.send(post);
        return 'posted';
      } catch (error) {
        const wait = retryAfterMs(error);
        if (wait !== null) {
          // A 429 is a "not yet", never a reason to drop the reply: wait it out and resend.
          this.options.log.log('warn', 'slack rate limit; waiting before resending', {
            channel: post.channel,
            waitMs: wait,
            queued: this.queues.get(post.channel)?.length ?? 0,
          });
          await this.sleep(Math.max(wait, this.intervalMs));
          continue;
        }
        failures += 1;
        if (isRefusal(error) || failures > TRANSIENT_RETRIES) {
          this.options.log.log('error', 'thread reply lost', {
            channel: post.channel,
            thread: post.thread_ts,
            failures,
            ...errorFields(error),
          });
          return 'lost';
        }
        await this.sleep(this.intervalMs * 2 ** failures);
      }
    }
  }

  private forgetPast(): void {
    const now = this.now();
    for (const [channel, at] of this.nextAt) if (at <= now) this.nextAt.delete(channel);
  }
}
