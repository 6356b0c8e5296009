import { connect } from 'node:http2';
import { DescribeTableCommand, DynamoDBClient, GetResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand, DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import { ACCOUNT, CREDENTIALS, OTHER_ACCOUNT, REGION } from './test-world.js';
import type { World } from './world.js';

const WORLD: World = {
  accounts: {
    [ACCOUNT]: {
      regions: {
        [REGION]: {
          eventRules: [{ Name: 'nightly', ScheduleExpression: 'rate(1 day)' }],
          kinesisStreams: [{ StreamName: 'clicks', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }],
          tables: [{ TableName: 'orders', LatestStreamLabel: '2026-01-01T00:00:00.000' }],
        },
      },
    },
  },
};

let fake: FakeAws;
const config = () => ({ endpoint: fake.url, region: REGION, credentials: CREDENTIALS });

beforeAll(async () => {
  fake = await startFakeAws({ world: WORLD });
});
afterAll(async () => fake.close());

/** One JSON 1.1 call over cleartext HTTP/2, as the Kinesis client makes it. */
function overHttp2(target: string, body: unknown): Promise<{ status: number; body: string }> {
  const session = connect(fake.url);
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': '/',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/${REGION}/kinesis/aws4_request, SignedHeaders=host, Signature=0`,
    });
    let text = '';
    let status = 0;
    stream.on('response', (headers) => {
      status = Number(headers[':status']);
    });
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    stream.on('end', () => {
      session.close();
      resolve({ status, body: text });
    });
    stream.on('error', reject);
    stream.end(JSON.stringify(body));
  });
}

describe('fake EventBridge, Kinesis and DynamoDB', () => {
  it('answers Kinesis over HTTP/2 on the port that answers HTTP/1.1', async () => {
    const answer = await overHttp2('Kinesis_20131202.DescribeStreamSummary', { StreamName: 'clicks' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).StreamDescriptionSummary).toMatchObject({ EncryptionType: 'KMS' });
    const missing = await overHttp2('Kinesis_20131202.GetResourcePolicy', {
      ResourceARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/gone`,
    });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).__type).toBe('ResourceNotFoundException');
  });

  it('answers the SDK clients, each with its real errors', async () => {
    const events = new EventBridgeClient(config());
    const kinesis = new KinesisClient(config());
    const dynamodb = new DynamoDBClient(config());
    try {
      expect((await events.send(new DescribeRuleCommand({ Name: 'nightly' }))).ScheduleExpression).toBe(
        'rate(1 day)',
      );
      expect((await events.send(new DescribeEventBusCommand({}))).Name).toBe('default');
      await expect(events.send(new DescribeRuleCommand({ Name: 'gone' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
      await expect(
        kinesis.send(
          new DescribeStreamSummaryCommand({
            StreamARN: `arn:aws:kinesis:${REGION}:${OTHER_ACCOUNT}:stream/x`,
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDeniedException' });
      const table = await dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }));
      expect(table.Table?.LatestStreamArn).toMatch(/table\/orders\/stream\//);
      await expect(
        dynamodb.send(new GetResourcePolicyCommand({ ResourceArn: table.Table?.TableArn })),
      ).rejects.toMatchObject({ name: 'PolicyNotFoundException' });
    } finally {
      events.destroy();
      kinesis.destroy();
      dynamodb.destroy();
    }
  });

  it('throttles with each service’s own error', async () => {
    fake.setKnobs({ rateLimits: { 'kinesis:*': 1, 'dynamodb:*': 1 } });
    const kinesis = new KinesisClient({ ...config(), maxAttempts: 1 });
    const dynamodb = new DynamoDBClient({ ...config(), maxAttempts: 1 });
    try {
      const twice = <T>(call: () => Promise<T>) => Promise.allSettled([call(), call()]);
      const streams = await twice(() =>
        kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' })),
      );
      const tables = await twice(() => dynamodb.send(new DescribeTableCommand({ TableName: 'orders' })));
      expect(streams.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { name: 'LimitExceededException' },
      });
      expect(tables.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { name: 'ThrottlingException' },
      });
    } finally {
      fake.setKnobs({ rateLimits: {} });
      kinesis.destroy();
      dynamodb.destroy();
    }
  });
});
