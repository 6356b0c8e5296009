/**
 * EventBridge rules and buses, Kinesis streams and DynamoDB tables in a fake world. Each is shaped
 * after the service's own describe answer; a `Policy` may be an object (the fake answers it as
 * JSON text). Every region has the `default` bus whether listed or not.
 */
import type { Json } from './world.js';

export interface WorldEventRule {
  Name: string;
  /** `default` when absent. */
  EventBusName?: string;
  ScheduleExpression?: string;
  EventPattern?: Json;
  State?: 'ENABLED' | 'DISABLED';
}

export interface WorldEventBus {
  Name: string;
  Policy?: Json;
  KmsKeyIdentifier?: string;
}

export interface WorldKinesisStream {
  StreamName: string;
  EncryptionType?: 'NONE' | 'KMS';
  KeyId?: string;
  Policy?: Json;
}

export interface WorldTable {
  TableName: string;
  /** The stream's label (`2026-01-01T00:00:00.000`), when the table has a stream. */
  LatestStreamLabel?: string;
  /** DescribeTable's SSEDescription; absent: the key DynamoDB owns. */
  SSEDescription?: { Status: string; SSEType: 'KMS' | 'AES256'; KMSMasterKeyArn?: string };
  Policy?: Json;
}

export interface WorldStreamsRegion {
  eventRules?: WorldEventRule[];
  eventBuses?: WorldEventBus[];
  kinesisStreams?: WorldKinesisStream[];
  tables?: WorldTable[];
}
