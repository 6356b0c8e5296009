import { describe, expect, it } from 'vitest';
import { SourceReader } from '../../../src/collect/sources/reader.js';
import type { Json, World, WorldFunction } from '../../fakes/aws/index.js';
import { ACCOUNT, emptyRoles, fnArn, REGION, useFakeSources } from './harness.js';

const FOREIGN = '210987654321';
const KEY_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const LABEL = '2026-01-01T00:00:00.000';
const streamArn = (name: string, account = ACCOUNT) => `arn:aws:kinesis:${REGION}:${account}:stream/${name}`;
const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const grant = (Principal: Json, Action: string[], Resource: string): Json => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'writers', Effect: 'Allow', Principal, Action, Resource }],
});

const consumer = (FunctionName: string): WorldFunction => ({
  Configuration: {
    FunctionName,
    Runtime: 'nodejs22.x',
    Role: `arn:aws:iam::${ACCOUNT}:role/${FunctionName}`,
  },
});
const mapping = (n: number, fn: string, EventSourceArn: string) => ({
  UUID: `5e6f7a8b-0000-4000-8000-00000000000${n}`,
  FunctionArn: fnArn(fn),
  EventSourceArn,
  State: 'Enabled',
  StartingPosition: 'LATEST',
  MaximumRetryAttempts: 2,
  MaximumRecordAgeInSeconds: 600,
});

const WORLD: World = {
  accounts: {
    [ACCOUNT]: {
      regions: {
        [REGION]: {
          functions: ['clicks', 'partner-feed', 'orders-stream', 'shared-table', 'foreign', 'both'].map(
            consumer,
          ),
          kinesisStreams: [
            { StreamName: 'clicks', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
            {
              StreamName: 'partner-feed',
              EncryptionType: 'NONE',
              Policy: grant(
                { AWS: `arn:aws:iam::${FOREIGN}:root` },
                ['kinesis:PutRecords'],
                streamArn('partner-feed'),
              ),
            },
          ],
          tables: [
            {
              TableName: 'orders',
              LatestStreamLabel: LABEL,
              SSEDescription: {
                Status: 'ENABLED',
                SSEType: 'KMS',
                KMSMasterKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`,
              },
            },
            {
              TableName: 'shared',
              LatestStreamLabel: LABEL,
              Policy: grant('*', ['dynamodb:PutItem'], tableArn('shared')),
            },
          ],
          kmsKeys: [{ KeyId: KEY_ID, KeyManager: 'CUSTOMER', Aliases: ['alias/orders'] }],
          eventSourceMappings: [
            mapping(1, 'clicks', streamArn('clicks')),
            mapping(2, 'partner-feed', `${streamArn('partner-feed')}/consumer/lambda:1735689600`),
            mapping(3, 'orders-stream', `${tableArn('orders')}/stream/${LABEL}`),
            mapping(4, 'shared-table', `${tableArn('shared')}/stream/${LABEL}`),
            mapping(5, 'foreign', streamArn('clickstream', FOREIGN)),
            mapping(6, 'both', streamArn('clicks')),
            mapping(7, 'both', `${tableArn('orders')}/stream/${LABEL}`),
          ],
        },
      },
      iam: {
        roles: emptyRoles('clicks', 'partner-feed', 'orders-stream', 'shared-table', 'foreign', 'both'),
      },
    },
  },
};

const { env, audit } = useFakeSources(WORLD);

const summary = (report: Awaited<ReturnType<typeof audit>>['report']) =>
  report.paths.map((p) => [p.kind, p.reach, p.auth, p.encryption]);

describe('Kinesis and DynamoDB stream sources through the real SDK (Kinesis over HTTP/2)', () => {
  it.each([
    [
      'clicks',
      'a stream under the AWS-managed key, no policy',
      [['kinesis', 'account', 'iam', 'aws-managed']],
      'account',
    ],
    [
      'partner-feed',
      'a consumer of a stream a foreign account may write to, unencrypted',
      [['kinesis', 'accounts', 'iam', 'none']],
      'cross-account',
    ],
    [
      'orders-stream',
      'a table under a customer key, no policy',
      [['dynamodb', 'account', 'iam', 'cmk']],
      'account',
    ],
    [
      'shared-table',
      'a table anyone may write items to',
      [['dynamodb', 'public', 'none', 'aws-managed']],
      'internet-open',
    ],
  ])('reads %s: %s', async (fn, _label, paths, exposure) => {
    const { report } = await audit(fn);
    expect(summary(report)).toEqual(paths);
    expect(report.exposure).toBe(exposure);
    expect(report.unverified).toEqual([]);
  });

  it('flags who may write and how the data is kept', async () => {
    const checksOf = async (fn: string) => (await audit(fn)).report.findings.map((f) => f.check);
    expect(await checksOf('shared-table')).toEqual(
      expect.arrayContaining(['source-public-write', 'source-no-cmk']),
    );
    expect(await checksOf('partner-feed')).toEqual(
      expect.arrayContaining(['source-cross-account-write', 'source-no-cmk']),
    );
    expect((await checksOf('orders-stream')).filter((c) => c.startsWith('source-'))).toEqual([]);
  });

  it('does not read a stream of another account (AWS lets no one else read its policy): that account is its door', async () => {
    const { report } = await audit('foreign');
    expect(report.paths).toEqual([
      expect.objectContaining({ kind: 'kinesis', reach: 'accounts', unverified: [] }),
    ]);
    expect(report.exposure).toBe('cross-account');
    expect(report.unverified).toEqual([]);
    expect(Object.keys(env.fake.counts().calls).filter((api) => api.startsWith('kinesis:'))).toEqual([]);
  });

  it('reads each stream and table once however many functions share them', async () => {
    const shared = new SourceReader();
    await Promise.all(['clicks', 'orders-stream', 'both', 'shared-table'].map((fn) => audit(fn, shared)));
    const { calls } = env.fake.counts();
    expect(calls['kinesis:GetResourcePolicy']).toBe(1);
    expect(calls['kinesis:DescribeStreamSummary']).toBe(1);
    expect(calls['dynamodb:GetResourcePolicy']).toBe(2);
    expect(calls['dynamodb:DescribeTable']).toBe(2);
    expect(calls['kms:DescribeKey']).toBe(1);
  });

  it.each([
    ['kinesis:GetResourcePolicy', 'partner-feed', 'kinesis'],
    ['dynamodb:GetResourcePolicy', 'shared-table', 'dynamodb'],
  ])(
    'turns a denied %s into its gap and a path of reach unknown; nothing that needs it fires',
    async (api, fn, kind) => {
      env.fake.setKnobs({ accessDenied: [api] });
      const { report } = await audit(fn);
      expect(report.unverified.map((u) => u.api)).toEqual([api]);
      expect(report.paths).toEqual([expect.objectContaining({ kind, reach: 'unknown', unverified: [api] })]);
      expect(report.exposure).toBe('unknown');
      expect(
        report.findings.filter(
          (f) => f.check === 'source-public-write' || f.check === 'source-cross-account-write',
        ),
      ).toEqual([]);
    },
  );

  it.each([
    ['kinesis:DescribeStreamSummary', 'partner-feed', 'accounts'],
    ['dynamodb:DescribeTable', 'shared-table', 'public'],
  ])('leaves only the encryption unknown when %s is denied', async (api, fn, reach) => {
    env.fake.setKnobs({ accessDenied: [api] });
    const { report } = await audit(fn);
    expect(report.paths).toEqual([expect.objectContaining({ reach, encryption: null, unverified: [api] })]);
    expect(report.findings.map((f) => f.check)).not.toContain('source-no-cmk');
  });
});
