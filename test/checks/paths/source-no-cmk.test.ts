import { describe, expect, it } from 'vitest';
import { sourceNoCmk } from '../../../src/checks/paths/source-no-cmk.js';
import type { TriggerSource } from '../../../src/model.js';
import { TOPIC_ARN, TOPIC_GRANT, topic } from '../../fixtures/apis.js';
import { ACCOUNT, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { STREAM_ARN, stream } from '../../fixtures/stores.js';
import { kinesis } from '../esm/mappings.js';
import { policyOf } from '../triggers/policies.js';
import { runOnPaths } from './context.js';

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const via = (...sources: TriggerSource[]) => makeSnapshot({ policies: [policyOf([TOPIC_GRANT])], sources });

describe('source-no-cmk', () => {
  it.each<[string, TriggerSource[], string]>([
    ['an unencrypted topic at medium', [topic([])], 'medium'],
    ['a topic under alias/aws/sns at low', [topic([], 'alias/aws/sns')], 'low'],
    [
      'a topic under a key DescribeKey says AWS manages at low',
      [topic([], KEY), { type: 'kms-key', arn: KEY, KeyManager: 'AWS' }],
      'low',
    ],
  ])('flags %s', (_label, sources, severity) => {
    expect(runOnPaths([sourceNoCmk], via(...sources))).toEqual([
      expect.objectContaining({ severity, resource: TOPIC_ARN }),
    ]);
  });

  it('does not flag a topic under a customer-managed key', () => {
    expect(
      runOnPaths([sourceNoCmk], via(topic([], KEY), { type: 'kms-key', arn: KEY, KeyManager: 'CUSTOMER' })),
    ).toEqual([]);
  });

  it('yields nothing when the key could not be told apart (DescribeKey denied)', () => {
    const denied: TriggerSource = {
      type: 'unread',
      arn: KEY,
      api: 'kms:DescribeKey',
      reason: 'AccessDenied',
    };
    expect(runOnPaths([sourceNoCmk], via(topic([], KEY), denied))).toEqual([]);
  });

  it('yields nothing when the function policy could not be read', () => {
    expect(runOnPaths([sourceNoCmk], makeSnapshot({ policies: null, sources: [topic([])] }))).toEqual([]);
  });

  it.each<[string, TriggerSource, string | null]>([
    ['an unencrypted Kinesis stream at medium', stream(null, { kind: 'none' }), 'medium'],
    [
      'a stream under alias/aws/kinesis at low',
      stream(null, { kind: 'kms', keyId: 'alias/aws/kinesis' }),
      'low',
    ],
    [
      'no stream whose encryption DescribeStreamSummary could not read',
      stream(null, { unread: 'kinesis:DescribeStreamSummary' }),
      null,
    ],
  ])('flags %s', (_label, source, severity) => {
    const snapshot = makeSnapshot({
      eventSourceMappings: [kinesis({ EventSourceArn: STREAM_ARN })],
      sources: [source],
    });
    expect(runOnPaths([sourceNoCmk], snapshot)).toEqual(
      severity ? [expect.objectContaining({ severity, resource: STREAM_ARN })] : [],
    );
  });
});
