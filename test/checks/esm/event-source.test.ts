import { describe, expect, it } from 'vitest';
import { arnAccount, eventSourceKind, isStreamSource } from '../../../src/checks/esm/event-source.js';
import type { EventSourceMapping } from '../../../src/model.js';

const mapping = (extra: Partial<EventSourceMapping>): EventSourceMapping => ({ UUID: 'u-1', ...extra });

describe('eventSourceKind', () => {
  it.each([
    ['arn:aws:kinesis:eu-central-1:123456789012:stream/orders', 'kinesis'],
    ['arn:aws:dynamodb:eu-central-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000', 'dynamodb'],
    ['arn:aws:kafka:eu-central-1:123456789012:cluster/orders/abcd-2', 'msk'],
    ['arn:aws:mq:eu-central-1:123456789012:broker:orders:b-1234', 'mq'],
    ['arn:aws:rds:eu-central-1:123456789012:cluster:orders-docdb', 'docdb'],
    ['arn:aws:sqs:eu-central-1:123456789012:orders', 'sqs'],
    ['arn:aws-cn:kinesis:cn-north-1:123456789012:stream/orders', 'kinesis'],
    ['arn:aws:dynamodb:eu-central-1:123456789012:table/orders', null],
    ['arn:aws:s3:::bucket', null],
  ])('reads %s as %s', (EventSourceArn, kind) => {
    expect(eventSourceKind(mapping({ EventSourceArn }))).toBe(kind);
  });

  it('recognises self-managed Kafka by its bootstrap servers', () => {
    expect(
      eventSourceKind(
        mapping({ SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b:9092'] } } }),
      ),
    ).toBe('kafka');
  });

  it.each([
    ['kinesis', true],
    ['dynamodb', true],
    ['msk', true],
    ['kafka', true],
    ['sqs', false],
    ['mq', false],
  ] as const)('treats %s as a stream: %s', (kind, stream) => {
    expect(isStreamSource(kind)).toBe(stream);
  });
});

describe('arnAccount', () => {
  it.each([
    ['arn:aws:sqs:eu-central-1:123456789012:orders', '123456789012'],
    ['arn:aws:s3:::bucket', null],
    [undefined, null],
  ])('reads the account of %s', (arn, account) => {
    expect(arnAccount(arn)).toBe(account);
  });
});
