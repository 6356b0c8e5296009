/**
 * `message` events in the channels the bot is in: a CloudWatch alarm about a Lambda function
 * (as AWS Chatbot / Amazon Q Developer, an SNS webhook or a person posts it) gets one triage
 * reply in its thread. Chatbot's posts are `bot_message`s, so bot messages are read, not
 * dropped; what keeps bots from looping is that the bot's own messages are skipped and another
 * bot's are answered only when they carry an actual alarm.
 */
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../log.js';
import { type AlarmRef, parseAlarm, type SlackMessageLike, shouldTriage } from '../../triage/parse.js';
import { dateOfTs } from '../triage/target.js';
import type { ListenerDeps } from './deps.js';

/** New messages. Edits, deletions, joins and topic changes are not new alarms; answering them would be noise. */
const NEW_MESSAGE = new Set<string | undefined>([undefined, 'bot_message', 'thread_broadcast', 'file_share']);

/** The bot as auth.test names it (Bolt puts both in the context). */
export interface Identity {
  botUserId?: string | undefined;
  botId?: string | undefined;
}

/** A message event's fields this listener reads, after a run-time check of the routing ones. */
export interface ChannelMessage extends SlackMessageLike {
  channel: string;
  ts: string;
  thread_ts?: string;
}

export function asChannelMessage(event: unknown): ChannelMessage | null {
  if (!event || typeof event !== 'object') return null;
  const { channel, ts, thread_ts } = event as Record<string, unknown>;
  if (typeof channel !== 'string' || typeof ts !== 'string') return null;
  if (thread_ts !== undefined && typeof thread_ts !== 'string') return null;
  return event as ChannelMessage;
}

export function isOwn(message: { user?: string; bot_id?: string }, bot: Identity): boolean {
  return (
    (bot.botId !== undefined && message.bot_id === bot.botId) ||
    (bot.botUserId !== undefined && message.user === bot.botUserId)
  );
}

/** The alarm the message carries (null if none), and why it gets no reply (null if it does). */
export function decide(
  message: ChannelMessage,
  bot: Identity,
  watched: boolean,
): { alarm: AlarmRef | null; skip: string | null } {
  if (!NEW_MESSAGE.has(message.subtype)) return { alarm: null, skip: `subtype ${message.subtype}` };
  if (isOwn(message, bot)) return { alarm: null, skip: 'own message' };
  const alarm = parseAlarm(message);
  if (!alarm) return { alarm, skip: 'not an alarm' };
  if (!watched) return { alarm, skip: 'channel not in TRIAGE_CHANNELS' };
  // The app_mention event for the same message answers it (as the slash command would).
  if (bot.botUserId && message.text?.includes(`<@${bot.botUserId}`))
    return { alarm, skip: 'mentions the bot' };
  // Another bot naming an ARN may be a bot quoting us: only real alarms from bots get an answer.
  const fromBot = message.subtype === 'bot_message' || message.bot_id !== undefined;
  if (fromBot && alarm.source === 'arn-mention') return { alarm, skip: 'bot message without an alarm' };
  if (!shouldTriage(alarm)) return { alarm, skip: `alarm state ${alarm.state}` };
  return { alarm, skip: null };
}

export interface Delivery {
  eventId?: string | undefined;
  /** X-Slack-Retry-Num: how many times Slack has redelivered this event. */
  retryNum?: number | undefined;
}

/** Decides and, for an alarm, answers in its thread. Never throws: a failure is a log line. */
export async function answerMessage(
  event: unknown,
  delivery: Delivery,
  bot: Identity,
  deps: ListenerDeps,
): Promise<void> {
  const message = asChannelMessage(event);
  if (!message) return;
  const where = { channel: message.channel, threadTs: message.thread_ts ?? message.ts };
  try {
    const { alarm, skip } = decide(message, bot, deps.triage.watches(message.channel));
    // A thread's first message is remembered even when quiet, for mentions in that thread.
    if (alarm && where.threadTs === message.ts) deps.triage.remember(where, alarm);
    if (skip !== null || !alarm) {
      deps.log.log('debug', 'message not triaged', { ...where, ts: message.ts, reason: skip });
      return;
    }
    if (!(await deps.triage.firstDelivery(delivery.eventId, message.channel, message.ts))) {
      deps.log.log('info', 'duplicate delivery ignored', { ...where, retryNum: delivery.retryNum });
      return;
    }
    const quiet = await deps.triage.quiet(alarm, where);
    if (quiet) {
      deps.log.log('info', 'alarm answered recently; staying quiet', {
        ...where,
        function: alarm.functionName,
        by: quiet,
      });
      return;
    }
    await deps.triage.answerAlarm(alarm, where, dateOfTs(message.ts));
  } catch (error) {
    deps.log.log('error', 'message listener failed', { ...where, ...errorFields(error) });
  }
}

/** A message in a channel the app is in: an alarm's gets a triage reply. */
export function onMessage(deps: ListenerDeps): Middleware<SlackEventMiddlewareArgs<'message'>> {
  // Events are acknowledged by Bolt before listeners run, retries included: the answer follows.
  return async ({ event, body, context }) => {
    await answerMessage(event, { eventId: body.event_id, retryNum: context.retryNum }, context, deps);
  };
}
