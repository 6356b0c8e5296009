/**
 * Alarms that reach Slack as JSON: the CloudWatch alarm notification as SNS delivers it (bare,
 * inside SNS's HTTP envelope, or inside a Lambda `Records[].Sns` event), the EventBridge
 * "CloudWatch Alarm State Change" event, and AWS Chatbot's custom notification schema.
 */
import { arnParts, FUNCTION_NAME, findLambdaArn, regionFromName, toIso } from './aws-names.js';
import type { AlarmRef, AlarmState } from './types.js';

type Json = Record<string, unknown>;

/** The parsed fields, before the caller cleans strings and fills the message-level fallbacks. */
export type Draft = Omit<AlarmRef, 'functionName' | 'time'> & {
  functionName: string | null;
  time: string | null;
};

function obj(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}
function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
/** A key looked up case-insensitively, since producers disagree (`Name`/`name`, `FunctionName`/`functionName`). */
function get(o: Json | null, ...keys: string[]): unknown {
  if (!o) return undefined;
  const wanted = keys.map((k) => k.toLowerCase());
  const hit = Object.keys(o).find((k) => wanted.includes(k.toLowerCase()));
  return hit === undefined ? undefined : o[hit];
}

export function asState(value: unknown): AlarmState | null {
  const s = typeof value === 'string' ? value.trim().toUpperCase() : '';
  return s === 'ALARM' || s === 'OK' || s === 'INSUFFICIENT_DATA' ? s : null;
}

/**
 * The JSON objects a text may hold: the whole text, or the span from its first `{` to its last
 * `}` (a JSON body pasted with a sentence around it or inside a ``` fence). At most one per text.
 */
export function jsonObjectsIn(texts: readonly string[]): Json[] {
  const found: Json[] = [];
  for (const text of texts) {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start < 0 || end <= start) continue;
    try {
      const parsed = obj(JSON.parse(text.slice(start, end + 1)));
      if (parsed) found.push(parsed);
    } catch {
      // Not JSON after all: an ordinary message with braces in it.
    }
  }
  return found;
}

const FUNCTION_DIMENSIONS = ['FunctionName', 'function_name'];

/** The FunctionName of a metric's dimensions: `[{name, value}]` (SNS) or `{FunctionName: x}` (EventBridge). */
function functionDimension(dimensions: unknown): string | null {
  for (const d of arr(dimensions)) {
    const name = str(get(obj(d), 'name'));
    const value = str(get(obj(d), 'value'));
    if (name && value && FUNCTION_DIMENSIONS.includes(name) && FUNCTION_NAME.test(value)) return value;
  }
  const value = str(get(obj(dimensions), ...FUNCTION_DIMENSIONS));
  return value && FUNCTION_NAME.test(value) ? value : null;
}

/** A single-metric alarm's `Trigger.Dimensions`, or the first metric of a metric-math alarm. */
function triggerFunction(trigger: Json | null): string | null {
  const direct = functionDimension(get(trigger, 'Dimensions'));
  if (direct) return direct;
  for (const m of arr(get(trigger, 'Metrics'))) {
    const metric = obj(get(obj(get(obj(m), 'MetricStat')), 'Metric'));
    const name = functionDimension(get(metric, 'Dimensions'));
    if (name) return name;
  }
  return null;
}

/** CloudWatch's alarm notification, as SNS publishes it (field names from the SNS message body). */
function fromAlarmJson(o: Json): Draft | null {
  const alarmName = str(o.AlarmName);
  if (!alarmName || !('NewStateValue' in o || 'Trigger' in o)) return null;
  const fromArn = arnParts(o.AlarmArn);
  return {
    alarmName,
    state: asState(o.NewStateValue),
    reason: str(o.NewStateReason),
    region: fromArn.region ?? regionFromName(str(o.Region)),
    accountId: str(o.AWSAccountId) ?? fromArn.accountId,
    functionName: triggerFunction(obj(o.Trigger)),
    time: toIso(o.StateChangeTime),
    source: 'sns-json',
  };
}

/** EventBridge's "CloudWatch Alarm State Change" event, which SNS can carry just the same. */
function fromAlarmEvent(o: Json): Draft | null {
  const detail = obj(o.detail);
  if (o['detail-type'] !== 'CloudWatch Alarm State Change' || !detail) return null;
  const state = obj(detail.state);
  let functionName: string | null = null;
  for (const m of arr(get(obj(detail.configuration), 'metrics'))) {
    const metric = obj(get(obj(get(obj(m), 'metricStat')), 'metric'));
    functionName ??= functionDimension(get(metric, 'dimensions'));
  }
  return {
    alarmName: str(detail.alarmName),
    state: asState(state?.value),
    reason: str(state?.reason),
    region: regionFromName(str(o.region)),
    accountId: str(o.account),
    functionName,
    time: toIso(state?.timestamp) ?? toIso(o.time),
    source: 'sns-json',
  };
}

/**
 * Chatbot's custom notification: `{"version":"1.0","source":"custom","content":{"title",
 * "description",...},"metadata":{"relatedResources":[...],"additionalContext":{...},...}}`.
 * The schema has no alarm fields of its own, so they are looked for where a sender would put
 * them: a Lambda ARN in relatedResources or the text, names and state in additionalContext.
 */
function fromCustom(o: Json): Draft | null {
  const content = obj(o.content);
  if (o.version !== '1.0' || o.source !== 'custom' || !content) return null;
  const metadata = obj(o.metadata);
  const extra = obj(get(metadata, 'additionalContext'));
  const title = str(content.title);
  const description = str(content.description);
  const resources = arr(get(metadata, 'relatedResources')).filter((r): r is string => typeof r === 'string');
  const arn = findLambdaArn([...resources, title ?? '', description ?? ''].join('\n'));
  const named = str(get(extra, 'FunctionName', 'function_name', 'function'));
  const keywords = arr(content.keywords).map(asState);
  const state =
    asState(get(extra, 'NewStateValue', 'state', 'alarmState')) ??
    keywords.find((k) => k !== null) ??
    asState(/\b(ALARM|INSUFFICIENT_DATA)\b/.exec(title ?? '')?.[1]);
  return {
    alarmName: str(get(extra, 'AlarmName', 'alarm')) ?? title,
    state,
    reason: str(get(extra, 'NewStateReason', 'reason')) ?? description,
    region: arn?.region ?? regionFromName(str(get(extra, 'region', 'Region'))),
    accountId: arn?.accountId ?? str(get(extra, 'AWSAccountId', 'accountId', 'account')),
    functionName: arn?.functionName ?? (named && FUNCTION_NAME.test(named) ? named : null),
    ...(arn ? { functionArn: arn.arn } : {}),
    time: toIso(get(extra, 'StateChangeTime', 'time', 'timestamp')),
    source: 'chatbot-custom',
  };
}

/** Unwraps SNS's HTTP envelope (`{"Type":"Notification","Message":"..."}`) and Lambda's `Records[].Sns`. */
function unwrap(o: Json, depth = 0): Json {
  if (depth > 3) return o;
  const inner = str(o.Message) ?? str(obj(obj(arr(o.Records)[0])?.Sns)?.Message);
  if (!inner) return o;
  const parsed = jsonObjectsIn([inner])[0];
  return parsed ? unwrap(parsed, depth + 1) : o;
}

/** The first alarm any JSON object in the texts describes, in any of the formats above. */
export function parseJsonAlarm(texts: readonly string[]): Draft | null {
  for (const found of jsonObjectsIn(texts)) {
    const o = unwrap(found);
    const draft = fromCustom(o) ?? fromAlarmJson(o) ?? fromAlarmEvent(o);
    if (draft) return draft;
  }
  return null;
}
