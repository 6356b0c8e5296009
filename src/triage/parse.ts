/**
 * Recognises an alarm about a Lambda function in a Slack message. Pure: no I/O, no clock.
 *
 * Formats, tried in this order (the most explicit first):
 * 1. JSON in the message (`parse-json.ts`): Chatbot's custom notification schema
 *    (`chatbot-custom`), and CloudWatch's alarm notification as SNS delivers it, bare or in SNS's
 *    envelope, or EventBridge's alarm state change event (`sns-json`).
 * 2. Chatbot / Amazon Q Developer's rendering of a CloudWatch alarm (`parse-chatbot.ts`).
 * 3. Any message naming a Lambda function ARN (`arn-mention`).
 *
 * A message that matches none, or an alarm that names no Lambda function (an EC2 CPU alarm,
 * an account-wide concurrency alarm), gives null: there is no function to triage.
 */

import { stripControl } from '../render/escape.js';
import { ACCOUNT_ID, findLambdaArn, regionFromName, toIso } from './aws-names.js';
import { parseChatbotAlarm } from './parse-chatbot.js';
import { type Draft, parseJsonAlarm } from './parse-json.js';
import { flattenMessage } from './slack-text.js';
import type { AlarmRef, SlackMessageLike } from './types.js';

export type { AlarmRef, AlarmSource, AlarmState, SlackMessageLike } from './types.js';

/** Bounds on what we keep of foreign text: an alarm name is at most 255 characters in CloudWatch. */
const MAX_NAME = 255;
const MAX_REASON = 1024;

function clean(value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const text = stripControl(value).trim().slice(0, max);
  return text || null;
}

function finish(draft: Draft, message: SlackMessageLike): AlarmRef | null {
  const functionName = clean(draft.functionName, 64);
  if (!functionName) return null;
  const ref: AlarmRef = {
    alarmName: clean(draft.alarmName, MAX_NAME),
    state: draft.state,
    reason: clean(draft.reason, MAX_REASON),
    // Both may come from a JSON field anyone could fill: keep only what has the right shape.
    region: regionFromName(draft.region),
    accountId: draft.accountId && ACCOUNT_ID.test(draft.accountId) ? draft.accountId : null,
    functionName,
    time: draft.time ?? toIso(message.ts),
    source: draft.source,
  };
  if (draft.functionArn) ref.functionArn = draft.functionArn;
  return ref;
}

/** The alarm (or function mention) a Slack message carries, or null when it carries none. */
export function parseAlarm(message: SlackMessageLike): AlarmRef | null {
  if (message === null || typeof message !== 'object') return null;
  const flat = flattenMessage(message);
  const structured = parseJsonAlarm(flat.texts) ?? parseChatbotAlarm(flat);
  const arn = findLambdaArn(flat.texts.join('\n'));
  if (structured) {
    // An alarm whose metric names no function may still name it elsewhere (its description).
    if (!structured.functionName && arn) {
      structured.functionName = arn.functionName;
      structured.functionArn = arn.arn;
      structured.region ??= arn.region;
      structured.accountId ??= arn.accountId;
    }
    return finish(structured, message);
  }
  if (!arn) return null;
  return finish(
    {
      alarmName: null,
      state: null,
      reason: null,
      region: arn.region,
      accountId: arn.accountId,
      functionName: arn.functionName,
      functionArn: arn.arn,
      time: null,
      source: 'arn-mention',
    },
    message,
  );
}

/**
 * Whether an alarm gets a triage reply: an alarm entering ALARM, or a message naming a function's
 * ARN. OK and INSUFFICIENT_DATA are still parsed (a caller may use the recovery to quiet a thread)
 * but answering a recovery with "here is what broke" is noise, and an alarm flapping back to OK
 * would double the replies.
 */
export function shouldTriage(alarm: AlarmRef): boolean {
  return alarm.state === 'ALARM' || alarm.source === 'arn-mention';
}
