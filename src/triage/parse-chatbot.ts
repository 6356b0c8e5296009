/**
 * CloudWatch alarms as AWS Chatbot / Amazon Q Developer posts them in Slack: a bot message whose
 * attachments or blocks carry the alarm in words rather than JSON. The exact layout has changed
 * over the years (attachment title `CloudWatch Alarm | <name> | <region> | Account: <id>`,
 * newer block messages saying `The alarm <name> changed state to ALARM`, a console link to
 * `#alarmsV2:alarm/<name>`), so this reads markers and labelled values rather than positions.
 */
import { ACCOUNT_ID, FUNCTION_NAME, findLambdaArn, REGION_CODE, regionFromName, toIso } from './aws-names.js';
import { asState, type Draft } from './parse-json.js';
import { type FlatMessage, fieldValue } from './slack-text.js';

const TITLE = new RegExp(
  `CloudWatch Alarm\\s*\\|\\s*(.+?)\\s*\\|\\s*(${REGION_CODE.source})\\s*\\|\\s*Account:?\\s*(\\d{12})`,
  'i',
);
const CHANGED =
  /\balarm\s+["“]?(.+?)["”]?\s+(?:has\s+)?changed\s+state\s+(?:from\s+\w+\s+)?to\s+(ALARM|OK|INSUFFICIENT_DATA)\b/i;
// SNS's own subject line, which Chatbot and e-mail show: ALARM: "name" in EU (Frankfurt)
const SUBJECT = /^\W*(ALARM|OK|INSUFFICIENT_DATA):\s*"(.+?)"\s+in\s+(.+)$/;
const CONSOLE =
  /console\.aws\.amazon\.com\/cloudwatch\/home\?(?:[^#\s]*&)?region=([a-z0-9-]+)[^#\s]*#alarmsV2:alarm\/([^?\s|>]+)/i;
const INLINE_FUNCTION = /\b(?:FunctionName|function_name)\b[*_`\s]*[=:][*_`\s]*([A-Za-z0-9_-]{1,64})/;
const ALARM_EMOJI = /:rotating_light:|🚨|:red_circle:|🔴|:alarm:/;
const OK_EMOJI = /:white_check_mark:|✅|:large_green_circle:|🟢/;

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** The labelled FunctionName of a field or line, or a Lambda ARN anywhere. */
function functionIn(
  flat: FlatMessage,
  all: string,
): { name: string | null; arn: ReturnType<typeof findLambdaArn> } {
  const arn = findLambdaArn(all);
  const field = fieldValue(flat, 'FunctionName', 'function_name', 'Function');
  const fromField = field?.replace(/[`*_]/g, '').trim() ?? null;
  const name =
    (fromField && FUNCTION_NAME.test(fromField) ? fromField : null) ??
    INLINE_FUNCTION.exec(all)?.[1] ??
    arn?.functionName ??
    null;
  return { name, arn };
}

/** An alarm in Chatbot's words, or null when none of its markers is present. */
export function parseChatbotAlarm(flat: FlatMessage): Draft | null {
  const all = flat.lines.join('\n');
  const title = TITLE.exec(all);
  const changed = CHANGED.exec(all);
  const subject = flat.lines.map((l) => SUBJECT.exec(l)).find((m) => m !== null) ?? null;
  const consoleLink = flat.urls.map((u) => CONSOLE.exec(u)).find((m) => m !== null) ?? CONSOLE.exec(all);
  if (!title && !changed && !subject && !consoleLink) return null;

  const { name: functionName, arn } = functionIn(flat, all);
  const labelledState = asState(fieldValue(flat, 'State', 'New state', 'Current state', 'NewStateValue'));
  const emojiState = ALARM_EMOJI.test(all) ? 'ALARM' : OK_EMOJI.test(all) ? 'OK' : null;
  const accountField = fieldValue(flat, 'Account', 'Account ID', 'AWSAccountId')?.replace(/\D/g, '') ?? '';
  const reasonLine = flat.lines.find((l) => /^(Threshold Crossed|Explicitly set|Unchecked:)/i.test(l));
  return {
    alarmName:
      title?.[1] ?? changed?.[1] ?? subject?.[2] ?? (consoleLink?.[2] ? decodeName(consoleLink[2]) : null),
    // The words outrank the emoji: only a message that states nothing falls back to its colour.
    state: asState(changed?.[2]) ?? asState(subject?.[1]) ?? labelledState ?? emojiState,
    reason: reasonLine ?? fieldValue(flat, 'Reason', 'State change reason', 'NewStateReason'),
    region:
      title?.[2] ??
      consoleLink?.[1] ??
      regionFromName(fieldValue(flat, 'Region')) ??
      regionFromName(subject?.[3]) ??
      arn?.region ??
      null,
    accountId: title?.[3] ?? (ACCOUNT_ID.test(accountField) ? accountField : null) ?? arn?.accountId ?? null,
    functionName,
    ...(arn && arn.functionName === functionName ? { functionArn: arn.arn } : {}),
    time:
      toIso(fieldValue(flat, 'StateChangeTime', 'State change time', 'Timestamp')) ??
      toIso(flat.attachmentTs),
    source: 'chatbot',
  };
}
