import { describe, expect, it } from 'vitest';
import { sourceNoCmk } from '../../../src/checks/paths/source-no-cmk.js';
import type { TriggerSource } from '../../../src/model.js';
import { TOPIC_ARN, TOPIC_GRANT, topic } from '../../fixtures/apis.js';
import { ACCOUNT, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { STREAM_ARN, stream } from '../../fixtures/stores.js';
import { checkCases, gap } from '../cases.js';
import { kinesis } from '../esm/mappings.js';
import { policyOf } from '../triggers/policies.js';
import { runOnPaths } from './context.js';

const { fires, silent, dataMissing } = checkCases(sourceNoCmk);

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const via = (...sources: TriggerSource[]) => makeSnapshot({ policies: [policyOf([TOPIC_GRANT])], sources });

describe('source-no-cmk', () => {
  for (const [name, sources, severity] of [
    ['an unencrypted topic at medium', [topic([])], 'medium'],
    ['a topic under alias/aws/sns at low', [topic([], 'alias/aws/sns')], 'low'],
    [
      'a topic under a key DescribeKey says AWS manages at low',
      [topic([], KEY), { type: 'kms-key', arn: KEY, KeyManager: 'AWS' }],
      'low',
    ],
  ] as [string, TriggerSource[], string][])
    fires(`flags ${name}`, () => {
      const findings = runOnPaths([sourceNoCmk], via(...sources));
      expect(findings).toEqual([expect.objectContaining({ severity, resource: TOPIC_ARN })]);
      return findings;
    });

  silent('does not flag a topic under a customer-managed key', () =>
    runOnPaths([sourceNoCmk], via(topic([], KEY), { type: 'kms-key', arn: KEY, KeyManager: 'CUSTOMER' })),
  );

  it('yields nothing when the key could not be told apart (DescribeKey denied)', () => {
    const denied: TriggerSource = {
      type: 'unread',
      arn: KEY,
      api: 'kms:DescribeKey',
      reason: 'AccessDenied',
    };
    expect(runOnPaths([sourceNoCmk], via(topic([], KEY), denied))).toEqual([]);
  });

  dataMissing(
    'yields nothing when the function policy could not be read',
    makeSnapshot({ policies: null, sources: [topic([])], unverified: [gap('lambda:GetPolicy', 'triggers')] }),
  );

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
