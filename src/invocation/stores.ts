/**
 * Paths through EventBridge rules, Kinesis streams and DynamoDB streams (checks.md, "How each kind
 * is resolved"). A rule with a schedule is a `schedule` path nobody outside AWS can cause; any
 * other rule is as open as its bus's policy for `events:PutEvents`. A stream is as open as the
 * resource policy of the stream (Kinesis) or of its table (DynamoDB) for the writes that feed it.
 */
import { accountIdOf, parseArn } from '../arn.js';
import type { EventRule, InvocationPath, TriggerSource, WritableStore } from '../model.js';
import { keyEncryption, writeOrgIds, writeReach } from './messages.js';
import { type Trust, widerReach } from './reach.js';

type StoreType = 'event-bus' | 'kinesis-stream' | 'dynamodb-table';
type StoreSource = Extract<TriggerSource, { type: StoreType }>;

/** The writes that put an event, a record or a stream record in front of the function. */
export const STORE_WRITES: Readonly<Record<StoreType, readonly string[]>> = {
  'event-bus': ['events:PutEvents'],
  'kinesis-stream': ['kinesis:PutRecord', 'kinesis:PutRecords'],
  'dynamodb-table': ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
};

/**
 * The ARN a pull source is read under: a Kinesis stream for the stream or one of its consumers
 * (`.../stream/<name>/consumer/<c>:<t>`), the table for a DynamoDB stream
 * (`.../table/<name>/stream/<label>`); null for any other ARN.
 */
export function storeArnOf(eventSourceArn: string): string | null {
  const arn = parseArn(eventSourceArn);
  const [type, name] = arn?.resource.split('/') ?? [];
  if (!arn || !name) return null;
  if (arn.service === 'kinesis' && type === 'stream') return eventSourceArn.replace(/\/consumer\/.*$/, '');
  if (arn.service === 'dynamodb' && type === 'table') return eventSourceArn.replace(/\/stream\/.*$/, '');
  return null;
}

/** `arn:aws:events:<region>:<account>:rule/[<bus>/]<name>` -> the rule's bus and name; null otherwise. */
export function parseRuleArn(ruleArn: string): { bus: string; name: string } | null {
  const arn = parseArn(ruleArn);
  if (arn?.service !== 'events' || !arn.resource.startsWith('rule/')) return null;
  const path = arn.resource.slice('rule/'.length).split('/');
  const name = path.pop();
  return name ? { bus: path.join('/') || 'default', name } : null;
}

/** The ARN of the bus a rule listens on (`EventBusName` may already be an ARN). */
export function busArnOf(ruleArn: string, eventBusName: string): string {
  if (eventBusName.startsWith('arn:')) return eventBusName;
  const arn = parseArn(ruleArn);
  return `arn:${arn?.partition ?? 'aws'}:events:${arn?.region ?? ''}:${arn?.account ?? ''}:event-bus/${eventBusName}`;
}

/** The KMS key a store encrypts with, when it names one. */
export function storeKeyId(source: TriggerSource): string | undefined {
  if (source.type !== 'event-bus' && source.type !== 'kinesis-stream' && source.type !== 'dynamodb-table')
    return undefined;
  const { encryption } = source.store;
  return 'kind' in encryption && encryption.kind === 'kms' ? encryption.keyId : undefined;
}

/** Who may write, as the widest of the store's write actions; unknown when its policy was not read. */
function storeReach(store: WritableStore, type: StoreType, trust: Trust) {
  if ('unread' in store.policy)
    return {
      reach: 'unknown' as const,
      auth: null,
      why: `who may write could not be read (${store.policy.unread})`,
      unverified: [store.policy.unread],
    };
  const { document } = store.policy;
  const widest = STORE_WRITES[type]
    .map((action) => writeReach(document, action, trust))
    .reduce((a, b) => (widerReach(a.reach, b.reach) === a.reach ? a : b));
  return { ...widest, unverified: [] as string[] };
}

function storeEncryption(source: StoreSource, sources: readonly TriggerSource[]) {
  const { encryption } = source.store;
  if ('unread' in encryption) return { encryption: null, unverified: [encryption.unread] };
  if (encryption.kind === 'kms') return keyEncryption(encryption.keyId, source.arn, sources);
  return {
    encryption: encryption.kind === 'none' ? ('none' as const) : ('aws-managed' as const),
    unverified: [],
  };
}

/**
 * A source that could not be read: unknown, or at least `accounts` when it belongs to an account
 * outside the trusted ones (that account writes to it whatever its policy says).
 */
function unreadPath(
  stub: InvocationPath,
  source: { arn: string; api: string },
  trust: Trust,
): InvocationPath {
  const owner = accountIdOf(source.arn);
  const unverified = [source.api];
  if (owner && !trust.trustedAccountIds.includes(owner))
    return {
      ...stub,
      reach: 'accounts',
      auth: 'iam',
      unverified,
      why: `owned by account ${owner}, which may write to it (its own policy could not be read: ${source.api})`,
    };
  return { ...stub, unverified, why: `the source could not be read (${source.api})` };
}

/** A source of another account, not read: that account writes to it, whatever else its policy admits. */
function foreignPath(stub: InvocationPath, owner: string, trust: Trust): InvocationPath {
  if (trust.trustedAccountIds.includes(owner))
    return { ...stub, why: `in trusted account ${owner}, whose policies are not read from here` };
  return { ...stub, reach: 'accounts', auth: 'iam', why: `owned by account ${owner}, which may write to it` };
}

function writablePath(
  stub: InvocationPath,
  source: StoreSource,
  sources: readonly TriggerSource[],
  trust: Trust,
): InvocationPath {
  const reach = storeReach(source.store, source.type, trust);
  const { encryption, unverified } = storeEncryption(source, sources);
  const path = { ...stub, ...reach, encryption, unverified: [...reach.unverified, ...unverified] };
  const owner = accountIdOf(source.arn);
  if (owner && !trust.trustedAccountIds.includes(owner) && widerReach(path.reach, 'accounts') === 'accounts')
    return {
      ...path,
      reach: 'accounts',
      auth: 'iam',
      why: `owned by account ${owner}, which may write to it`,
    };
  return path;
}

/** The path through the store `storeArn` names (a stream, a table or a bus). */
function throughStore(
  stub: InvocationPath,
  storeArn: string,
  sources: readonly TriggerSource[],
  trust: Trust,
): InvocationPath {
  const source = sources.find((s) => s.arn === storeArn);
  if (!source) return stub;
  if (source.type === 'unread') return unreadPath(stub, source, trust);
  if (source.type === 'missing')
    return { ...stub, reach: 'none', why: 'the source no longer exists: the grant or mapping is stale' };
  if (source.type === 'foreign') return foreignPath(stub, source.account, trust);
  if (source.type !== 'event-bus' && source.type !== 'kinesis-stream' && source.type !== 'dynamodb-table')
    return stub;
  return writablePath(stub, source, sources, trust);
}

/** A Kinesis or DynamoDB stream path (`stub`: the mapping's path, its source the EventSourceArn). */
export function streamPath(
  stub: InvocationPath,
  sources: readonly TriggerSource[],
  trust: Trust,
): InvocationPath {
  const storeArn = storeArnOf(stub.source);
  return storeArn ? throughStore(stub, storeArn, sources, trust) : stub;
}

/**
 * A rule only time triggers: a schedule and no event pattern (a rule with both also fires on
 * matching events, and is then as open as its bus).
 */
export function isScheduleOnly(rule: EventRule): boolean {
  return Boolean(rule.ScheduleExpression) && !rule.EventPattern;
}

/**
 * The bus of a rule to read before knowing the rule: a custom bus's (only the default bus takes
 * scheduled rules, so a rule on another is triggered by events); null for the default bus.
 */
export function busOfCustomRule(ruleArn: string): string | null {
  const rule = parseRuleArn(ruleArn);
  return rule && rule.bus !== 'default' ? busArnOf(ruleArn, rule.bus) : null;
}

/** An EventBridge rule path: a schedule, or as open as the rule's bus. */
export function eventRulePath(
  stub: InvocationPath,
  sources: readonly TriggerSource[],
  trust: Trust,
): InvocationPath {
  const source = sources.find((s) => s.arn === stub.source);
  if (!source || source.type === 'unread' || source.type === 'missing')
    return source ? throughStore(stub, source.arn, sources, trust) : stub;
  if (source.type !== 'event-rule') return stub;
  if (isScheduleOnly(source.rule))
    return {
      ...stub,
      kind: 'schedule',
      reach: 'none',
      auth: null,
      why: `only time triggers it (${source.rule.ScheduleExpression})`,
    };
  return throughStore(stub, busArnOf(source.arn, source.rule.EventBusName), sources, trust);
}

/**
 * An EventBridge Scheduler grant (`scheduler.amazonaws.com` with a schedule's ARN): only time
 * triggers it, and the schedule's owner chooses its input; one in a foreign account is that
 * account's door.
 */
export function schedulerPath(stub: InvocationPath, trust: Trust): InvocationPath {
  const owner = accountIdOf(stub.source);
  if (!owner) return stub;
  if (!trust.trustedAccountIds.includes(owner))
    return {
      ...stub,
      kind: 'schedule',
      reach: 'accounts',
      auth: 'iam',
      why: `a schedule of account ${owner}`,
    };
  return { ...stub, kind: 'schedule', reach: 'none', auth: null, why: 'only time triggers it (a schedule)' };
}

/** Organisations the writes to the store behind `sourceArn` (a rule, stream or table) are held to; null when it is none of those. */
export function storeWriteOrgIds(sources: readonly TriggerSource[], sourceArn: string): string[] | null {
  const rule = sources.find((s) => s.arn === sourceArn);
  const storeArn =
    rule?.type === 'event-rule' ? busArnOf(rule.arn, rule.rule.EventBusName) : storeArnOf(sourceArn);
  const store = sources.find((s) => s.arn === storeArn);
  if (store?.type !== 'event-bus' && store?.type !== 'kinesis-stream' && store?.type !== 'dynamodb-table')
    return null;
  if ('unread' in store.store.policy) return [];
  const { document } = store.store.policy;
  return [...new Set(STORE_WRITES[store.type].flatMap((action) => writeOrgIds(document, action)))];
}
