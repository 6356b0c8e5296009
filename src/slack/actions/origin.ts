/**
 * Where a click came from, so the message can be updated after the work is done: a channel
 * message (the digest, a mention's answer) is updated with chat.update; an ephemeral answer (a
 * slash command's) can only be replaced through the click's response_url. The context travels
 * in a modal's private_metadata and in the Retry button's value: a few hundred characters,
 * never the finding itself.
 */
import type { BlockAction } from '@slack/bolt';

export interface Origin {
  /** `audit`: re-rendered from its report; `other` (the digest): its own blocks get a note. */
  kind: 'audit' | 'other';
  channel: string | null;
  ts: string | null;
  ephemeral: boolean;
  responseUrl: string | null;
}

/** A click's origin plus what it is about: the finding and the cache key of its report. */
export interface ActionContext {
  origin: Origin;
  fingerprint: string;
  /** OutputCache key of the report the message shows; empty to rebuild from the store. */
  key: string;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function originOf(body: BlockAction, kind: Origin['kind']): Origin {
  const container = body.container as Record<string, unknown>;
  const ephemeral = container.is_ephemeral === true || !body.message;
  return {
    kind,
    channel: str(container.channel_id) ?? body.channel?.id ?? null,
    ts: str(container.message_ts) ?? body.message?.ts ?? null,
    ephemeral,
    responseUrl: str(body.response_url),
  };
}

export function encodeContext(context: ActionContext): string {
  const { origin: o } = context;
  return JSON.stringify({
    k: o.kind === 'audit' ? 'a' : 'o',
    c: o.channel,
    t: o.ts,
    e: o.ephemeral ? 1 : 0,
    u: o.responseUrl,
    f: context.fingerprint,
    r: context.key,
  });
}

/** Null for anything that is not a context this app wrote (a forged or stale payload). */
export function decodeContext(text: string): ActionContext | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  const fingerprint = str(o.f);
  if (!fingerprint || !/^[0-9a-f]{8,64}$/.test(fingerprint)) return null;
  const responseUrl = str(o.u);
  // Only Slack's own hooks (or, in tests, the fake's): the URL is posted to with the bot's answer.
  if (responseUrl && !/^https?:\/\//.test(responseUrl)) return null;
  return {
    origin: {
      kind: o.k === 'a' ? 'audit' : 'other',
      channel: str(o.c),
      ts: str(o.t),
      ephemeral: o.e === 1,
      responseUrl,
    },
    fingerprint,
    key: str(o.r) ?? '',
  };
}
