/**
 * The trigger inventory: what can invoke the function, derived from the snapshot. No verdicts
 * here; checks (and exposure) read it. Each part of the snapshot that could be read contributes,
 * so a denied GetPolicy still leaves the event source mappings and URLs listed.
 */
import { parseArn, parseFunctionArn } from './arn.js';
import {
  allGrants,
  conditionValues,
  type Grant,
  isInvokeCapable,
  isUrlScoped,
} from './iam/resource-policy.js';
import type {
  EventSourceMapping,
  FunctionSnapshot,
  FunctionUrlConfig,
  Trigger,
  TriggerKind,
} from './model.js';

/** Event source ARN service -> kind. DocumentDB streams come from `arn:aws:rds:...:cluster:`. */
const MAPPING_KINDS: Record<string, TriggerKind> = {
  sqs: 'sqs',
  kinesis: 'kinesis',
  dynamodb: 'dynamodb',
  kafka: 'msk',
  mq: 'mq',
  rds: 'docdb',
};

/** Service principal (first label of its domain) -> kind. */
const SERVICE_KINDS: Record<string, TriggerKind> = {
  s3: 's3',
  sns: 'sns',
  sqs: 'sqs',
  events: 'events',
  apigateway: 'apigateway',
  logs: 'logs',
  iot: 'iot',
  'cognito-idp': 'cognito',
  'cognito-sync': 'cognito',
  elasticloadbalancing: 'alb',
  'alexa-appkit': 'alexa',
  'alexa-connectedhome': 'alexa',
};

/**
 * Services that invoke with InvocationType=Event (AWS's list of asynchronous invokers): their
 * failures go to the function's DLQ or on-failure destination, or nowhere.
 */
const ASYNC_SERVICES = new Set([
  's3',
  'sns',
  'events',
  'scheduler',
  'logs',
  'iot',
  'iotevents',
  'ses',
  'codecommit',
  'config',
  'cloudformation',
  'codepipeline',
]);
const ASYNC_SERVICE_DOMAINS = new Set(['lambda.alarms.cloudwatch.amazonaws.com']);

/** `s3` for `s3.amazonaws.com`, `logs` for `logs.eu-central-1.amazonaws.com`. */
function serviceName(principal: string): string {
  return principal.toLowerCase().split('.')[0] ?? '';
}

/** The inventory kind for a service principal; unknown services are `service`. */
export function serviceTriggerKind(principal: string): TriggerKind {
  return SERVICE_KINDS[serviceName(principal)] ?? 'service';
}

/** Whether the service invokes asynchronously (S3, SNS, EventBridge, CloudWatch Logs, IoT, ...). */
export function isAsyncService(principal: string): boolean {
  return ASYNC_SERVICES.has(serviceName(principal)) || ASYNC_SERVICE_DOMAINS.has(principal.toLowerCase());
}

/** The alias or version in `arn:aws:lambda:r:a:function:name:qualifier`; null when unqualified. */
export function qualifierOfFunctionArn(functionArn: string | undefined): string | null {
  return functionArn ? (parseFunctionArn(functionArn)?.qualifier ?? null) : null;
}

/** The ARN a qualifier's findings are about: the alias or version ARN, or the function's. */
export function qualifiedFunctionArn(functionArn: string, qualifier: string | null): string {
  return qualifier === null ? functionArn : `${functionArn}:${qualifier}`;
}

function mappingTrigger(mapping: EventSourceMapping): Trigger {
  const base = { async: false, qualifier: qualifierOfFunctionArn(mapping.FunctionArn), conditions: {} };
  // Self-managed Kafka (the only self-managed source) has no ARN: its source is the brokers.
  if (mapping.SelfManagedEventSource) {
    const servers = mapping.SelfManagedEventSource.Endpoints?.KAFKA_BOOTSTRAP_SERVERS ?? [];
    return { kind: 'kafka', source: servers.length > 0 ? servers.join(',') : mapping.UUID, ...base };
  }
  const arn = mapping.EventSourceArn ? parseArn(mapping.EventSourceArn) : null;
  const kind = (arn && MAPPING_KINDS[arn.service]) ?? 'service';
  return { kind, source: mapping.EventSourceArn ?? mapping.UUID, ...base };
}

function grantTriggers(grant: Grant): Trigger[] {
  // URL-only grants are the function URL's, listed from the URL config itself.
  if (!isInvokeCapable(grant) || isUrlScoped(grant)) return [];
  const { statement, principal } = grant;
  const base = { qualifier: statement.qualifier, conditions: statement.raw.Condition ?? {} };
  if (principal.kind === 'public') return [{ kind: 'public', source: '*', async: false, ...base }];
  if (principal.kind === 'account')
    return [{ kind: 'account', source: principal.value, async: false, ...base }];
  const kind = serviceTriggerKind(principal.value);
  const async = isAsyncService(principal.value);
  const sources = conditionValues(statement, 'aws:sourcearn');
  return (sources.length > 0 ? sources : [principal.value]).map((source) => ({
    kind,
    source,
    async,
    ...base,
  }));
}

function urlTrigger(url: FunctionUrlConfig): Trigger {
  return {
    kind: 'url',
    source: url.FunctionUrl,
    async: false,
    qualifier: qualifierOfFunctionArn(url.FunctionArn),
    conditions: { AuthType: url.AuthType },
  };
}

/**
 * Every event source mapping, every push source a policy statement admits (service principal
 * plus `aws:SourceArn`; accounts and the public as such), and every function URL. Parts of the
 * snapshot that are null contribute nothing.
 */
export function deriveTriggers(snapshot: FunctionSnapshot): Trigger[] {
  const triggers = [
    ...(snapshot.eventSourceMappings ?? []).map(mappingTrigger),
    ...allGrants(snapshot.policies ?? []).flatMap(grantTriggers),
    ...(snapshot.urlConfigs ?? []).map(urlTrigger),
  ];
  // Two statements can admit the same source (e.g. one per action); list it once.
  const seen = new Set<string>();
  return triggers.filter((t) => {
    const id = `${t.kind}|${t.source}|${t.qualifier ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
