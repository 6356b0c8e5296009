/**
 * Which change events the watch loop acts on, and what each can affect: a function named in the
 * request, a role or managed policy (every function using it), a layer (every function using it)
 * or a trigger source (every function it feeds). Pure: no AWS, no store. The EventBridge rules in
 * deploy/change-events.yaml match exactly these (source, eventName prefix) pairs (a test checks it).
 */
import type { TriggerKind } from '../model.js';
import type { ChangeEvent } from './event.js';

export type ChangeTarget =
  /** `arn` is the unqualified function ARN: versions and aliases are re-audited with the function. */
  | { kind: 'function'; arn: string }
  | { kind: 'role'; account: string; roleName: string }
  | { kind: 'policy'; account: string; policyArn: string }
  /** `layerArn` without its version: every version's users are affected. */
  | { kind: 'layer'; account: string; region: string; layerArn: string }
  /**
   * A trigger source of these kinds: `source` matches a trigger's source exactly, `prefix` as a
   * prefix; neither: every function with such a trigger in the account and region.
   */
  | {
      kind: 'source';
      account: string;
      region: string;
      triggers: readonly TriggerKind[];
      source?: string;
      prefix?: string;
    };

interface WatchedCall {
  /** CloudTrail's eventSource, e.g. `lambda.amazonaws.com`. */
  eventSource: string;
  /** eventName prefixes (Lambda appends API versions: `AddPermission20150331v2`). */
  prefixes: readonly string[];
  targets: (event: ChangeEvent) => ChangeTarget[];
}

const param = (event: ChangeEvent, ...names: string[]): string | null => {
  for (const name of names) {
    const value = event.requestParameters[name] ?? event.responseElements[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
};

/**
 * The unqualified ARN of a function named as Lambda accepts it: `name`, `name:qualifier`,
 * `account:function:name[:qualifier]` or a full ARN, in the event's account and region otherwise.
 */
export function functionArnOf(nameOrArn: string, event: Pick<ChangeEvent, 'account' | 'region'>): string {
  const full = /^arn:(aws[a-z-]*):lambda:([^:]+):(\d{12}):function:([^:]+)/.exec(nameOrArn);
  if (full) return `arn:${full[1]}:lambda:${full[2]}:${full[3]}:function:${full[4]}`;
  const partial = /^(\d{12}):function:([^:]+)/.exec(nameOrArn);
  if (partial) return `arn:aws:lambda:${event.region}:${partial[1]}:function:${partial[2]}`;
  const name = nameOrArn.split(':')[0] as string;
  return `arn:aws:lambda:${event.region}:${event.account}:function:${name}`;
}

function functionTarget(event: ChangeEvent): ChangeTarget[] {
  const named = param(event, 'functionName', 'functionArn');
  return named ? [{ kind: 'function', arn: functionArnOf(named, event) }] : [];
}

function roleTarget(event: ChangeEvent): ChangeTarget[] {
  const roleName = param(event, 'roleName');
  return roleName ? [{ kind: 'role', account: event.account, roleName }] : [];
}

function policyTarget(event: ChangeEvent): ChangeTarget[] {
  const policyArn = param(event, 'policyArn');
  return policyArn ? [{ kind: 'policy', account: event.account, policyArn }] : [];
}

function layerTarget(event: ChangeEvent): ChangeTarget[] {
  const layer = param(event, 'layerName');
  if (!layer) return [];
  const layerArn = layer.startsWith('arn:')
    ? layer.split(':').slice(0, 7).join(':')
    : `arn:aws:lambda:${event.region}:${event.account}:layer:${layer}`;
  return [{ kind: 'layer', account: event.account, region: event.region, layerArn }];
}

function source(
  event: ChangeEvent,
  triggers: readonly TriggerKind[],
  match: { source?: string; prefix?: string } = {},
): ChangeTarget[] {
  return [{ kind: 'source', account: event.account, region: event.region, triggers, ...match }];
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` -> the queue's ARN. */
function queueArn(event: ChangeEvent, url: string): string {
  const [account, name] = url.replace(/^[a-z]+:\/\/[^/]+\//, '').split('/');
  return `arn:aws:sqs:${event.region}:${account ?? event.account}:${name ?? url}`;
}

export const WATCHED_CALLS: readonly WatchedCall[] = [
  {
    eventSource: 'lambda.amazonaws.com',
    prefixes: [
      'AddPermission',
      'RemovePermission',
      'CreateFunctionUrlConfig',
      'UpdateFunctionUrlConfig',
      'DeleteFunctionUrlConfig',
      'CreateFunction',
      'UpdateFunctionCode',
      'UpdateFunctionConfiguration',
      'CreateEventSourceMapping',
      'UpdateEventSourceMapping',
      'UpdateAlias',
      'PutFunctionConcurrency',
    ],
    targets: functionTarget,
  },
  { eventSource: 'lambda.amazonaws.com', prefixes: ['AddLayerVersionPermission'], targets: layerTarget },
  {
    eventSource: 'iam.amazonaws.com',
    prefixes: [
      'PutRolePolicy',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'DeleteRolePolicy',
      'UpdateAssumeRolePolicy',
      'DeleteRolePermissionsBoundary',
    ],
    targets: roleTarget,
  },
  {
    eventSource: 'iam.amazonaws.com',
    prefixes: ['CreatePolicyVersion', 'SetDefaultPolicyVersion'],
    targets: policyTarget,
  },
  {
    eventSource: 'sns.amazonaws.com',
    prefixes: ['SetTopicAttributes'],
    targets: (e) => {
      const topic = param(e, 'topicArn');
      return topic ? source(e, ['sns'], { source: topic }) : [];
    },
  },
  {
    eventSource: 'sqs.amazonaws.com',
    prefixes: ['SetQueueAttributes'],
    targets: (e) => {
      const url = param(e, 'queueUrl');
      return url ? source(e, ['sqs'], { source: queueArn(e, url) }) : [];
    },
  },
  {
    eventSource: 's3.amazonaws.com',
    prefixes: [
      'PutBucketPolicy',
      'DeleteBucketPolicy',
      'PutBucketAcl',
      'DeletePublicAccessBlock',
      'PutBucketNotificationConfiguration',
    ],
    targets: (e) => {
      const bucket = param(e, 'bucketName');
      // DeletePublicAccessBlock without a bucket is the account-wide block (S3 Control).
      return bucket ? source(e, ['s3'], { source: `arn:aws:s3:::${bucket}` }) : source(e, ['s3']);
    },
  },
  {
    eventSource: 'apigateway.amazonaws.com',
    prefixes: [
      'PutMethod',
      'UpdateMethod',
      'DeleteMethod',
      'CreateAuthorizer',
      'UpdateAuthorizer',
      'DeleteAuthorizer',
      'CreateRoute',
      'UpdateRoute',
      'DeleteRoute',
      'UpdateRestApi',
      'UpdateApi',
    ],
    targets: (e) => {
      const api = param(e, 'restApiId', 'apiId');
      const prefix = api ? `arn:aws:execute-api:${e.region}:${e.account}:${api}/` : undefined;
      return source(e, ['apigateway'], prefix ? { prefix } : {});
    },
  },
  {
    eventSource: 'events.amazonaws.com',
    prefixes: ['PutPermission'],
    targets: (e) => {
      const bus = param(e, 'eventBusName') ?? 'default';
      const rules = `arn:aws:events:${e.region}:${e.account}:rule/`;
      return source(e, ['events'], { prefix: bus === 'default' ? rules : `${rules}${bus}/` });
    },
  },
  {
    // A listener or rule names its load balancer, not the target group a function sits behind:
    // every function behind a load balancer in the account and region is re-audited.
    eventSource: 'elasticloadbalancing.amazonaws.com',
    prefixes: [
      'CreateListener',
      'ModifyListener',
      'DeleteListener',
      'CreateRule',
      'ModifyRule',
      'DeleteRule',
    ],
    targets: (e) => source(e, ['alb']),
  },
];

/**
 * What an event can affect. Empty for an event the loop does not watch, and for a call that
 * failed (CloudTrail records denied calls too; they changed nothing).
 */
export function targetsOf(event: ChangeEvent): ChangeTarget[] {
  if (event.errorCode) return [];
  const call = WATCHED_CALLS.find(
    (c) => c.eventSource === event.source && c.prefixes.some((p) => event.name.startsWith(p)),
  );
  return call ? call.targets(event) : [];
}

/** A key that is equal for targets that select the same functions (coalescing a burst). */
export function targetKey(target: ChangeTarget): string {
  return JSON.stringify(target);
}
