import { accountIdOf } from '../../arn.js';
import type { EventSourceMapping, TriggerKind } from '../../model.js';

const SERVICE_KINDS: Readonly<Record<string, TriggerKind>> = {
  kinesis: 'kinesis',
  kafka: 'msk',
  mq: 'mq',
  sqs: 'sqs',
  rds: 'docdb', // DocumentDB change streams: arn:aws:rds:<region>:<account>:cluster:<name>
};

/** What an event source mapping reads from, or null when the source is not recognised. */
export function eventSourceKind(mapping: EventSourceMapping): TriggerKind | null {
  if (mapping.SelfManagedEventSource?.Endpoints?.KAFKA_BOOTSTRAP_SERVERS) return 'kafka';
  const match = /^arn:aws[a-z-]*:([a-z0-9-]+):/.exec(mapping.EventSourceArn ?? '');
  if (!match?.[1]) return null;
  if (match[1] === 'dynamodb') return mapping.EventSourceArn?.includes('/stream/') ? 'dynamodb' : null;
  return SERVICE_KINDS[match[1]] ?? null;
}

/** Kinesis, DynamoDB streams, MSK and self-managed Kafka: ordered, retried per shard/partition. */
export function isStreamSource(kind: TriggerKind | null): boolean {
  return kind === 'kinesis' || kind === 'dynamodb' || kind === 'msk' || kind === 'kafka';
}

/** The account field of an ARN, or null (self-managed sources have no ARN). */
export function arnAccount(arn: string | undefined): string | null {
  return arn ? accountIdOf(arn) : null;
}

/** How a mapping is named in findings: its source ARN, or its brokers for self-managed Kafka. */
export function describeSource(mapping: EventSourceMapping): string {
  return (
    mapping.EventSourceArn ??
    mapping.SelfManagedEventSource?.Endpoints?.KAFKA_BOOTSTRAP_SERVERS?.join(',') ??
    `mapping ${mapping.UUID}`
  );
}
