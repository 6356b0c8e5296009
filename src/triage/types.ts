/**
 * The plain shapes triage works on. A Slack message arrives as untyped JSON from the Events API,
 * so these types describe only the fields we read, every one optional: the parser checks each
 * value at run time rather than trusting the shape. No Slack SDK type appears here on purpose
 * (DESIGN.md keeps Slack types out of the domain), so the parser can be fed fixtures as they are.
 */

export type AlarmState = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';

/** Which format the alarm was recognised in. */
export type AlarmSource = 'chatbot' | 'chatbot-custom' | 'sns-json' | 'arn-mention';

/**
 * One alarm (or one mention of a function) found in a Slack message. Strings are raw text:
 * Slack markup decoded, control characters stripped, nothing escaped (render escapes).
 */
export interface AlarmRef {
  /** Null for an ARN mention, which names a function but no alarm. */
  alarmName: string | null;
  state: AlarmState | null;
  /** The alarm's NewStateReason, or the notification's description. */
  reason: string | null;
  /** Region code (`eu-central-1`), mapped from CloudWatch's long names when needed. */
  region: string | null;
  accountId: string | null;
  functionName: string;
  /** Only when the message named the function's ARN; unqualified (no alias or version). */
  functionArn?: string;
  /**
   * ISO 8601: the alarm's StateChangeTime when the message carries it, else the Slack message's
   * own `ts` (Chatbot posts within seconds of the change), else null.
   */
  time: string | null;
  source: AlarmSource;
}

/** A Block Kit text object as Slack sends it. */
export interface SlackTextLike {
  type?: string;
  text?: string;
}

/** An element of a rich_text block (sections, lists, preformatted, and their leaves). */
export interface SlackRichTextLike {
  type?: string;
  text?: string;
  url?: string;
  elements?: SlackRichTextLike[];
}

export interface SlackBlockLike {
  type?: string;
  text?: SlackTextLike;
  fields?: SlackTextLike[];
  elements?: SlackRichTextLike[];
}

/** A legacy (secondary) attachment: AWS Chatbot posts its notifications as these. */
export interface SlackAttachmentLike {
  title?: string;
  title_link?: string;
  pretext?: string;
  text?: string;
  fallback?: string;
  footer?: string;
  fields?: { title?: string; value?: string }[];
  blocks?: SlackBlockLike[];
  /** Epoch seconds. */
  ts?: number | string;
}

/** The minimal Slack `message` event triage reads (https://api.slack.com/events/message). */
export interface SlackMessageLike {
  type?: string;
  /** `bot_message` for Chatbot / Amazon Q Developer posts; they must not be dropped. */
  subtype?: string;
  text?: string;
  /** Slack's message timestamp, `"1717430607.123400"` (epoch seconds). */
  ts?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  attachments?: SlackAttachmentLike[];
  blocks?: SlackBlockLike[];
}
