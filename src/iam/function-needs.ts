/**
 * What a function's configuration shows it needs from its execution role: writing its logs,
 * polling its event sources, sending to its dead-letter queue and destinations, decrypting with
 * its KMS keys, managing VPC ENIs, sending traces. The proposal scopes resources with these.
 */
import { parseArn } from '../arn.js';
import type { FunctionSnapshot } from '../model.js';

export interface FunctionNeeds {
  /** `arn:<partition>:logs:<region>:<account>:log-group:<name>` (no `:*`). */
  logGroupArn: string;
  /** False when collect saw no log group (then the role must be able to create it); null unknown. */
  logGroupExists: boolean | null;
  eventSourceArns: string[];
  /** Dead-letter queue and async destinations. */
  destinationArns: string[];
  kmsKeyArns: string[];
  inVpc: boolean;
  tracing: boolean;
  /** Other ARNs the function is known to use (S3 buckets and prefixes, tables...), from the caller. */
  dataResources: string[];
}

/** One action a configured feature needs, and on what (`'*'` for actions with no resource type). */
export interface NeededAction {
  action: string;
  resources: string[];
  why: string;
}

/** The log group a function writes to: `LoggingConfig.LogGroup`, or `/aws/lambda/<name>`. */
export function logGroupName(snapshot: FunctionSnapshot): string {
  return (
    snapshot.configuration.LoggingConfig?.LogGroup ?? `/aws/lambda/${snapshot.configuration.FunctionName}`
  );
}

function partitionOf(arn: string): string {
  return parseArn(arn)?.partition || 'aws';
}

/** Reads the needs off a snapshot; `dataResources` adds ARNs known from elsewhere. */
export function functionNeeds(snapshot: FunctionSnapshot, dataResources: string[] = []): FunctionNeeds {
  const config = snapshot.configuration;
  const partition = partitionOf(config.FunctionArn);
  const destinations = new Set<string>();
  if (config.DeadLetterConfig?.TargetArn) destinations.add(config.DeadLetterConfig.TargetArn);
  for (const c of snapshot.eventInvokeConfigs ?? []) {
    if (c.DestinationConfig?.OnFailure?.Destination)
      destinations.add(c.DestinationConfig.OnFailure.Destination);
    if (c.DestinationConfig?.OnSuccess?.Destination)
      destinations.add(c.DestinationConfig.OnSuccess.Destination);
  }
  const mappings = snapshot.eventSourceMappings ?? [];
  for (const m of mappings) {
    if (m.DestinationConfig?.OnFailure?.Destination)
      destinations.add(m.DestinationConfig.OnFailure.Destination);
  }
  const kms = new Set<string>();
  if (config.KMSKeyArn) kms.add(config.KMSKeyArn);
  for (const m of mappings) if (m.KMSKeyArn) kms.add(m.KMSKeyArn);
  return {
    logGroupArn: `arn:${partition}:logs:${snapshot.region}:${snapshot.accountId}:log-group:${logGroupName(snapshot)}`,
    logGroupExists: snapshot.logGroup === null ? null : snapshot.logGroup.group !== null,
    eventSourceArns: mappings.flatMap((m) => (m.EventSourceArn ? [m.EventSourceArn] : [])),
    destinationArns: [...destinations],
    kmsKeyArns: [...kms],
    inVpc: Boolean(config.VpcConfig?.VpcId),
    tracing: config.TracingConfig?.Mode === 'Active',
    dataResources,
  };
}

/** The ENI actions Lambda performs with the execution role for VPC functions (always on `*`). */
export const VPC_ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

const POLLING: Record<string, string[]> = {
  sqs: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
  kinesis: [
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamSummary',
    'kinesis:ListShards',
    'kinesis:SubscribeToShard',
  ],
  dynamodb: [
    'dynamodb:DescribeStream',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:ListStreams',
  ],
};

const SENDING: Record<string, (arn: string) => NeededAction> = {
  sqs: (arn) => ({ action: 'sqs:SendMessage', resources: [arn], why: `destination ${arn}` }),
  sns: (arn) => ({ action: 'sns:Publish', resources: [arn], why: `destination ${arn}` }),
  lambda: (arn) => ({ action: 'lambda:InvokeFunction', resources: [arn], why: `destination ${arn}` }),
  events: (arn) => ({ action: 'events:PutEvents', resources: [arn], why: `destination ${arn}` }),
  s3: (arn) => ({ action: 's3:PutObject', resources: [`${arn}/*`], why: `destination ${arn}` }),
};

function serviceOf(arn: string): string {
  return parseArn(arn)?.service ?? '';
}

/** Every action the configuration needs, with the resources it needs them on. */
export function neededActions(needs: FunctionNeeds): NeededAction[] {
  const streams = `${needs.logGroupArn}:*`;
  const out: NeededAction[] = [
    { action: 'logs:CreateLogStream', resources: [streams], why: 'writing its logs' },
    { action: 'logs:PutLogEvents', resources: [streams], why: 'writing its logs' },
  ];
  if (needs.logGroupExists === false) {
    out.push({ action: 'logs:CreateLogGroup', resources: [streams], why: 'creating its missing log group' });
  }
  for (const arn of needs.eventSourceArns) {
    for (const action of POLLING[serviceOf(arn)] ?? []) {
      out.push({ action, resources: [arn], why: `event source ${arn}` });
    }
  }
  for (const arn of needs.destinationArns) {
    const send = SENDING[serviceOf(arn)];
    if (send) out.push(send(arn));
  }
  for (const arn of needs.kmsKeyArns)
    out.push({ action: 'kms:Decrypt', resources: [arn], why: `KMS key ${arn}` });
  if (needs.inVpc)
    for (const action of VPC_ENI_ACTIONS) out.push({ action, resources: ['*'], why: 'VPC networking' });
  if (needs.tracing) {
    for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) {
      out.push({ action, resources: ['*'], why: 'X-Ray active tracing' });
    }
  }
  return out;
}
