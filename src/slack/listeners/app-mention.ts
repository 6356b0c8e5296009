/**
 * `@lambda-audit` in a channel. In an alarm's thread it answers about the thread's function
 * (the triage reply, on demand); `@lambda-audit <fn>` anywhere gives the slash command's answer.
 * Either way the answer goes in the mention's thread, for everyone there to read.
 */
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../log.js';
import { stripControl } from '../../render/escape.js';
import { commandReply } from '../triage/command-reply.js';
import { dateOfTs } from '../triage/target.js';
import { asChannelMessage, type Delivery, type Identity, isOwn } from './alarm-message.js';
import type { ListenerDeps } from './deps.js';

/** The words after the mention(s): `<@U0BOT> orders-api --region us-east-1` -> [orders-api, --region, us-east-1]. */
export function mentionWords(text: string | undefined): string[] {
  return stripControl(text ?? '')
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/gi, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Answers one mention in its thread. Never throws: a failure is a log line. */
export async function answerMention(
  event: unknown,
  delivery: Delivery,
  bot: Identity,
  deps: ListenerDeps,
): Promise<void> {
  const mention = asChannelMessage(event);
  if (!mention || isOwn(mention, bot)) return;
  const where = { channel: mention.channel, threadTs: mention.thread_ts ?? mention.ts };
  const logged = { ...where, user: mention.user };
  try {
    if (!(await deps.triage.firstDelivery(delivery.eventId, mention.channel, mention.ts))) {
      deps.log.log('info', 'duplicate delivery ignored', { ...logged, retryNum: delivery.retryNum });
      return;
    }
    const words = mentionWords(mention.text);
    // A scan's progress message goes in the thread its answer will.
    const progress = { channel: mention.channel, threadTs: where.threadTs, by: mention.user ?? '' };
    const inThread = mention.thread_ts !== undefined && mention.thread_ts !== mention.ts;
    const parent = inThread ? await deps.triage.threadAlarm(where) : null;
    if (parent) {
      // Explicit words that name another function win; anything else asks about this thread's.
      const asked = words.length
        ? await commandReply(words, deps, { lenient: true, where: logged, progress })
        : null;
      if (asked) await deps.triage.post(where, asked);
      else await deps.triage.answerAlarm(parent, where, dateOfTs(mention.thread_ts));
      return;
    }
    const reply = await commandReply(words, deps, { where: logged, progress });
    if (reply) await deps.triage.post(where, reply);
  } catch (error) {
    deps.log.log('error', 'mention listener failed', { ...logged, ...errorFields(error) });
  }
}

/** `@lambda-audit` in a channel or thread. */
export function onMention(deps: ListenerDeps): Middleware<SlackEventMiddlewareArgs<'app_mention'>> {
  return async ({ event, body, context }) => {
    await answerMention(event, { eventId: body.event_id, retryNum: context.retryNum }, context, deps);
  };
}
