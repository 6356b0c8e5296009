import type { EventSourceMapping } from '../../../src/model.js';
import { ACCOUNT, FUNCTION_ARN, REGION } from '../../fixtures/snapshot.js';

/** Realistic event source mappings, one per source type, all healthy unless a test overrides. */
const base = (UUID: string, extra: Partial<EventSourceMapping>): EventSourceMapping => ({
  UUID,
  FunctionArn: FUNCTION_ARN,
  State: 'Enabled',
  LastProcessingResult: 'OK',
  BatchSize: 100,
  ...extra,
});

export const ONFAILURE = {
  OnFailure: { Destination: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-stream-failed` },
};

export const kinesis = (extra: Partial<EventSourceMapping> = {}) =>
  base('11111111-aaaa-bbbb-cccc-000000000001', {
    EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/orders`,
    MaximumRetryAttempts: 3,
    MaximumRecordAgeInSeconds: 3600,
    DestinationConfig: ONFAILURE,
    ...extra,
  });

export const dynamodb = (extra: Partial<EventSourceMapping> = {}) =>
  base('11111111-aaaa-bbbb-cccc-000000000002', {
    EventSourceArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`,
    MaximumRetryAttempts: 3,
    MaximumRecordAgeInSeconds: 3600,
    DestinationConfig: ONFAILURE,
    ...extra,
  });

export const msk = (extra: Partial<EventSourceMapping> = {}) =>
  base('11111111-aaaa-bbbb-cccc-000000000003', {
    EventSourceArn: `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders/abcd1234-ef56-7890-abcd-ef1234567890-2`,
    Topics: ['orders'],
    DestinationConfig: ONFAILURE,
    ...extra,
  });

export const kafka = (extra: Partial<EventSourceMapping> = {}) =>
  base('11111111-aaaa-bbbb-cccc-000000000004', {
    SelfManagedEventSource: {
      Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b-1.kafka.internal:9096', 'b-2.kafka.internal:9096'] },
    },
    Topics: ['orders'],
    SourceAccessConfigurations: [
      { Type: 'SASL_SCRAM_512_AUTH', URI: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:kafka-AbCdEf` },
      { Type: 'VPC_SUBNET', URI: 'subnet:subnet-0abc' },
    ],
    DestinationConfig: ONFAILURE,
    ...extra,
  });

export const sqs = (extra: Partial<EventSourceMapping> = {}) =>
  base('11111111-aaaa-bbbb-cccc-000000000005', {
    EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`,
    ...extra,
  });
