/**
 * The fake Slack's memory of posted messages, read back as Slack's conversations.history and
 * conversations.replies answer (the digest looks for its own message there after a crash).
 */

/** A message as conversations.history returns it (the fields lambda-audit reads). */
export interface StoredMessage {
  type: 'message';
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export function isMetadata(value: unknown): value is StoredMessage['metadata'] {
  const m = value as { event_type?: unknown; event_payload?: unknown } | null;
  return typeof m?.event_type === 'string' && typeof m.event_payload === 'object' && m.event_payload !== null;
}

/** Slack's `ts` strings compare as numbers. */
const tsNumber = (value: unknown): number | null =>
  typeof value === 'string' && value !== '' ? Number(value) : null;

/** conversations.history: channel messages (not thread replies), newest first, in pages. */
export function history(messages: StoredMessage[], body: Record<string, unknown>): Record<string, unknown> {
  const oldest = tsNumber(body.oldest) ?? 0;
  const latest = tsNumber(body.latest) ?? Number.POSITIVE_INFINITY;
  const limit = Math.min(Number(body.limit ?? 100) || 100, 999);
  const offset = Number(
    typeof body.cursor === 'string' && body.cursor ? body.cursor.replace('page-', '') : 0,
  );
  const withMetadata = body.include_all_metadata === 'true' || body.include_all_metadata === true;
  const channelMessages = messages
    .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
    .filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest)
    .reverse();
  const page = channelMessages.slice(offset, offset + limit).map((m) => {
    const { metadata, ...rest } = m;
    return withMetadata && metadata ? { ...rest, metadata } : rest;
  });
  const more = offset + limit < channelMessages.length;
  return {
    ok: true,
    messages: page,
    has_more: more,
    response_metadata: { next_cursor: more ? `page-${offset + limit}` : '' },
  };
}

/** conversations.replies: the thread's parent, then its replies, oldest first. */
export function replies(messages: StoredMessage[], body: Record<string, unknown>): Record<string, unknown> {
  const parent = messages.find((m) => m.ts === body.ts);
  if (!parent) return { ok: false, error: 'thread_not_found' };
  const withMetadata = body.include_all_metadata === 'true' || body.include_all_metadata === true;
  const thread = messages.filter((m) => m.ts === parent.ts || m.thread_ts === parent.ts);
  return {
    ok: true,
    messages: thread.map((m) => {
      const { metadata, ...rest } = m;
      return withMetadata && metadata ? { ...rest, metadata } : rest;
    }),
    has_more: false,
  };
}
