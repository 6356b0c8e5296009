/**
 * Posting one outbox entry. The payload was written before the first attempt; here it goes out
 * message by message (the channel message, then its thread replies), and each message Slack
 * takes is recorded at once, so a retry (or a restart) continues where it stopped instead of
 * posting the channel message twice.
 */
import type { types } from '@slack/bolt';
import type { DigestEntry, Store } from '../store/store.js';
import type { Digest } from './digest.js';
import { type DigestPoster, SlackRateLimitedError } from './poster.js';
import type { DigestMessages } from './render.js';

/** What the outbox stores for a slot: the digest and exactly the messages to post. */
export interface DigestPayload {
  version: 1;
  digest: Digest;
  messages: DigestMessages;
}

export type PostOutcome = { posted: true } | { posted: false; error: unknown; retryAt: Date };

const MIN_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;

/** After a failure that is not a 429: 30 s, 1 min, 2 min, ... capped at an hour; never give up. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(attempts, 16));
}

export function parsePayload(entry: DigestEntry): DigestPayload {
  if (entry.payload === null) throw new Error(`digest ${entry.slotKey} has no payload yet`);
  return JSON.parse(entry.payload) as DigestPayload;
}

export async function postEntry(
  entry: DigestEntry,
  deps: { store: Store; poster: DigestPoster; now: () => Date },
): Promise<PostOutcome> {
  let ts = entry.postedTs;
  try {
    // Inside the try: a corrupt payload fails this entry (and backs off), not the whole flush.
    const { messages } = parsePayload(entry);
    const parts = [messages.main, ...messages.thread];
    for (let i = entry.partsPosted; i < parts.length; i++) {
      const part = parts[i] as { text: string; blocks: types.KnownBlock[] };
      const answer = await deps.poster.postMessage({
        channel: entry.channel,
        text: part.text,
        blocks: part.blocks,
        ...(i > 0 && ts ? { thread_ts: ts } : {}),
      });
      if (i === 0) ts = answer.ts;
      await deps.store.digestProgress(entry.slotKey, i + 1, ts ?? answer.ts);
    }
    await deps.store.markDigestPosted(entry.slotKey);
    return { posted: true };
  } catch (error) {
    // A 429 says when to come back; anything else (Slack down, channel_not_found while someone
    // fixes the invite) backs off. The entry stays pending either way: nothing is dropped.
    const wait = error instanceof SlackRateLimitedError ? error.retryAfterMs : backoffMs(entry.attempts);
    const retryAt = new Date(deps.now().getTime() + wait);
    const message = error instanceof Error ? error.message : String(error);
    await deps.store.markDigestFailed(entry.slotKey, message, retryAt);
    return { posted: false, error, retryAt };
  }
}
