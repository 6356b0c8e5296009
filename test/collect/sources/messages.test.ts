import { describe, expect, it, vi } from 'vitest';
import { createClients } from '../../../src/aws/clients.js';
import { readQueue } from '../../../src/collect/sources/messages.js';
import { SourceReader } from '../../../src/collect/sources/reader.js';
import type { Unverified } from '../../../src/model.js';
import type { Json, World } from '../../fakes/aws/index.js';

import { ACCOUNT, emptyRoles, fnArn, invokedBy, REGION, useFakeSources } from './harness.js';

const topicArn = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const KEY_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

const subscriber = (name: string, ...topics: string[]) =>
  invokedBy(name, 'sns.amazonaws.com', topics.map(topicArn));

const publishBy = (Principal: Json, Condition?: Json): Json => ({
  Version: '2008-10-17',
  Statement: [
    { Effect: 'Allow', Principal, Action: 'SNS:Publish', Resource: '*', ...(Condition ? { Condition } : {}) },
  ],
});

const WORLD: World = {
  accounts: {
    [ACCOUNT]: {
      regions: {
        [REGION]: {
          functions: [
            subscriber('alerts', 'public-alerts'),
            subscriber('audit', 'public-alerts', 'owned', 'deleted'),
            {
              Configuration: {
                FunctionName: 'worker',
                Runtime: 'nodejs22.x',
                Role: `arn:aws:iam::${ACCOUNT}:role/worker`,
              },
            },
          ],
          topics: [
            { TopicArn: topicArn('public-alerts'), Attributes: { Policy: publishBy('*') } },
            {
              TopicArn: topicArn('owned'),
              Attributes: {
                Policy: publishBy({ AWS: '*' }, { StringEquals: { 'AWS:SourceOwner': ACCOUNT } }),
                KmsMasterKeyId: `alias/orders-events`,
              },
            },
          ],
          kmsKeys: [{ KeyId: KEY_ID, KeyManager: 'CUSTOMER', Aliases: ['alias/orders-events'] }],
          queues: [{ QueueName: 'jobs', Attributes: { SqsManagedSseEnabled: 'true' } }],
          eventSourceMappings: [
            {
              UUID: '1b2c3d4e-0000-4000-8000-000000000001',
              FunctionArn: fnArn('worker'),
              EventSourceArn: queueArn('jobs'),
              State: 'Enabled',
            },
          ],
        },
      },
      iam: { roles: emptyRoles('alerts', 'audit', 'worker') },
    },
  },
};

const { env, audit } = useFakeSources(WORLD);

const summary = (report: Awaited<ReturnType<typeof audit>>['report']) =>
  report.paths.map((p) => [p.kind, p.source.split(':').at(-1), p.reach, p.auth, p.encryption]);

describe('SNS, SQS and KMS sources through the real SDK', () => {
  it('tells a public topic, an owner-only topic under a customer key and a deleted topic apart', async () => {
    const { report } = await audit('audit');
    expect(summary(report)).toEqual([
      ['sns', 'public-alerts', 'public', 'none', 'none'],
      ['sns', 'owned', 'account', 'iam', 'cmk'],
      ['sns', 'deleted', 'none', null, null],
    ]);
    expect(report.exposure).toBe('internet-open');
    expect(report.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['source-public-write', 'source-no-cmk']),
    );
    expect(report.unverified).toEqual([]);
  });

  it('reads a queue a mapping names, and flags it without a dead-letter queue', async () => {
    const { report } = await audit('worker');
    expect(summary(report)).toEqual([['sqs', 'jobs', 'account', 'iam', 'aws-managed']]);
    expect(report.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['esm-sqs-no-redrive', 'source-no-cmk']),
    );
  });

  it('reads a queue at the endpoint AWS_ENDPOINT_URL names, not at the AWS host of the URL built from its ARN', async () => {
    // The SDK would by default send the request to the queue URL's host (sqs.<region>.amazonaws.com):
    // past a custom or VPC endpoint, and out of this machine.
    vi.stubEnv('AWS_ENDPOINT_URL', env.fake.url);
    try {
      const clients = createClients({
        region: REGION,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
      });
      const gaps: Unverified[] = [];
      const source = await readQueue(clients, queueArn('jobs'), gaps);
      expect(gaps).toEqual([]);
      expect(source).toMatchObject({ arn: queueArn('jobs') });
      expect(env.fake.counts().calls['sqs:GetQueueAttributes']).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads a topic once however many functions it invokes', async () => {
    const shared = new SourceReader();
    await Promise.all([audit('alerts', shared), audit('audit', shared)]);
    // public-alerts, owned and deleted: three topics, three reads; one key.
    expect(env.fake.counts().calls['sns:GetTopicAttributes']).toBe(3);
    expect(env.fake.counts().calls['kms:DescribeKey']).toBe(1);
  });

  it.each([
    ['sns:GetTopicAttributes', 'audit', 'sns'],
    ['sqs:GetQueueAttributes', 'worker', 'sqs'],
  ])(
    'turns a denied %s into its gap and paths of reach unknown; nothing that needs it fires',
    async (api, fn, kind) => {
      env.fake.setKnobs({ accessDenied: [api] });
      const { report } = await audit(fn);
      expect([...new Set(report.unverified.map((u) => u.api))]).toEqual([api]);
      expect(
        report.paths.every((p) => p.kind === kind && p.reach === 'unknown' && p.unverified.includes(api)),
      ).toBe(true);
      expect(report.exposure).toBe('unknown');
      expect(
        report.findings.filter((f) => f.check.startsWith('source-') || f.check === 'esm-sqs-no-redrive'),
      ).toEqual([]);
    },
  );

  it('leaves only the encryption unknown when DescribeKey is denied', async () => {
    env.fake.setKnobs({ accessDenied: ['kms:DescribeKey'] });
    const { report } = await audit('audit');
    expect(report.paths.find((p) => p.source === topicArn('owned'))).toMatchObject({
      reach: 'account',
      encryption: null,
      unverified: ['kms:DescribeKey'],
    });
    expect(report.unverified.map((u) => u.api)).toEqual(['kms:DescribeKey']);
  });
});
