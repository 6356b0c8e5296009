/**
 * Posting one outbox entry, exactly once across replicas and crashes. The payload was written
 * before the first attempt; here it goes out message by message (the channel message, then its
 * thread replies):
 * - the entry is claimed first (owner + lease): of several replicas, one posts it;
 * - each part is recorded before its post (`postingPart`) and after it (`partsPosted`, ts), so
 *   a retry or a successor continues where it stopped;
 * - a part recorded as started but never as taken may be in Slack already (the poster died
 *   between Slack's answer and the record): the successor looks for the bot's own message,
 *   by the metadata every part carries, before posting it again.
 */
import type { types } from '@slack/bolt';
import { errorFields, type LogSink } from '../log.js';
import type { DigestEntry, Store } from '../store/store.js';
import type { Digest } from './digest.js';
import { type DigestPoster, digestMetadata, SlackRateLimitedError } from './poster.js';
import type { DigestMessages } from './render.js';

/** What the outbox stores for a slot: the digest and exactly the messages to post. */
export interface DigestPayload {
  version: 1;
  digest: Digest;
  messages: DigestMessages;
}

export type PostOutcome =
  | { posted: true }
  | { posted: false; error: unknown; retryAt: Date }
  /** Another replica holds the entry (or took it over meanwhile): nothing to do here. */
  | { posted: false; busy: true };

const MIN_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;
/** How long a posting claim holds without news; a dead poster's entry is taken over after it. */
export const POST_LEASE_MS = 20_000;

/** After a failure that is not a 429: 30 s, 1 min, 2 min, ... capped at an hour; never give up. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(attempts, 16));
}

export function parsePayload(entry: DigestEntry): DigestPayload {
  if (entry.payload === null) throw new Error(`digest ${entry.slotKey} has no payload yet`);
  return JSON.parse(entry.payload) as DigestPayload;
}

export interface PostDeps {
  store: Store;
  poster: DigestPoster;
  now: () => Date;
  /** This process's name on its claims. */
  owner: string;
  log: LogSink;
  leaseMs?: number;
}

export async function postEntry(pending: DigestEntry, deps: PostDeps): Promise<PostOutcome> {
  const { store, poster, owner, log } = deps;
  const leaseMs = deps.leaseMs ?? POST_LEASE_MS;
  const slot = pending.slotKey;
  const entry = await store.claimDigestPost({ slotKey: slot, owner, leaseMs });
  if (!entry) {
    log.log('debug', 'digest held by another replica', { slot });
    return { posted: false, busy: true };
  }
  log.log('info', 'digest claimed for posting', {
    slot,
    owner,
    partsPosted: entry.partsPosted,
    inDoubt: entry.postingPart,
    attempts: entry.attempts,
  });
  let ts = entry.postedTs;
  try {
    // Inside the try: a corrupt payload fails this entry (and backs off), not the whole flush.
    const { messages } = parsePayload(entry);
    const parts = [messages.main, ...messages.thread];
    for (let i = entry.partsPosted; i < parts.length; i++) {
      const threadTs = i > 0 && ts ? ts : undefined;
      if (entry.postingPart === i) {
        const found = await poster.findPosted({
          channel: entry.channel,
          slot,
          part: i,
          since: new Date(entry.createdAt),
          ...(threadTs ? { threadTs } : {}),
        });
        log.log(
          'info',
          found ? 'digest part found in Slack; not posting it again' : 'digest part not in Slack; posting it',
          {
            slot,
            part: i,
          },
        );
        if (found) {
          if (i === 0) ts = found.ts;
          await store.digestProgress(slot, i + 1, ts ?? found.ts);
          continue;
        }
      }
      if (!(await store.digestPartStarting(slot, owner, i, leaseMs))) {
        log.log('warn', 'digest claim lost mid-post; another replica continues', { slot, part: i });
        return { posted: false, busy: true };
      }
      const part = parts[i] as { text: string; blocks: types.KnownBlock[] };
      const answer = await poster.postMessage({
        channel: entry.channel,
        text: part.text,
        blocks: part.blocks,
        metadata: digestMetadata({ slot, part: i }),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      if (i === 0) ts = answer.ts;
      await store.digestProgress(slot, i + 1, ts ?? answer.ts);
      log.log('info', 'digest part posted', { slot, part: i, of: parts.length, channel: entry.channel });
    }
    await store.markDigestPosted(slot);
    return { posted: true };
  } catch (error) {
    // A 429 says when to come back; anything else (Slack down, channel_not_found while someone
    // fixes the invite) backs off. The entry stays pending either way: nothing is dropped.
    const wait = error instanceof SlackRateLimitedError ? error.retryAfterMs : backoffMs(entry.attempts);
    const retryAt = new Date(deps.now().getTime() + wait);
    const message = error instanceof Error ? error.message : String(error);
    await store.markDigestFailed(slot, message, retryAt);
    log.log('warn', 'digest post failed; will retry', {
      slot,
      attempt: entry.attempts + 1,
      retryAt: retryAt.toISOString(),
      ...errorFields(error),
    });
    return { posted: false, error, retryAt };
  }
}
