import type { types } from '@slack/bolt';
import { RESPONSE_URL_TTL_MS } from '../deliver.js';

/**
 * The blocks of channel messages (the digest) someone clicked a menu on, so the message can be
 * updated once the modal is submitted: a view_submission does not carry the message. Entries
 * live as long as a modal reasonably stays open; after a restart the note goes to the thread.
 */
export class MessageMemo {
  private readonly entries = new Map<string, { blocks: types.KnownBlock[]; text: string; at: number }>();
  constructor(
    private readonly ttlMs: number = RESPONSE_URL_TTL_MS,
    private readonly max: number = 200,
    private readonly now: () => number = Date.now,
  ) {}

  put(channel: string, ts: string, message: { blocks: types.KnownBlock[]; text: string }): void {
    this.entries.delete(`${channel}:${ts}`);
    this.entries.set(`${channel}:${ts}`, { ...message, at: this.now() });
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.max && this.now() - entry.at < this.ttlMs) break;
      this.entries.delete(key);
    }
  }

  get(channel: string, ts: string): { blocks: types.KnownBlock[]; text: string } | undefined {
    const entry = this.entries.get(`${channel}:${ts}`);
    if (!entry || this.now() - entry.at >= this.ttlMs) return undefined;
    return entry;
  }
}
