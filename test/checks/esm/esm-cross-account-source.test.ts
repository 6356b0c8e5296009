import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmCrossAccountSource } from '../../../src/checks/esm/esm-cross-account-source.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { dynamodb, kafka, kinesis, sqs } from './mappings.js';

const FOREIGN = '999988887777';

describe('esm-cross-account-source', () => {
  it.each([
    [
      'a Kinesis stream',
      kinesis({ EventSourceArn: `arn:aws:kinesis:${REGION}:${FOREIGN}:stream/partner-orders` }),
    ],
    ['an SQS queue', sqs({ EventSourceArn: `arn:aws:sqs:${REGION}:${FOREIGN}:partner-queue` })],
    [
      'a DynamoDB stream',
      dynamodb({
        EventSourceArn: `arn:aws:dynamodb:${REGION}:${FOREIGN}:table/t/stream/2026-01-01T00:00:00.000`,
      }),
    ],
  ])('flags %s in another account', (_label, mapping) => {
    expect(
      runChecks([esmCrossAccountSource], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext()),
    ).toEqual([
      expect.objectContaining({
        check: 'esm-cross-account-source',
        severity: 'info',
        evidence: expect.objectContaining({ account: FOREIGN }),
      }),
    ]);
  });

  it.each([
    ['sources in the audited account', [kinesis(), sqs(), dynamodb()], [ACCOUNT]],
    [
      'a source in a trusted account',
      [sqs({ EventSourceArn: `arn:aws:sqs:${REGION}:${FOREIGN}:q` })],
      [ACCOUNT, FOREIGN],
    ],
    ['self-managed Kafka (no ARN)', [kafka()], [ACCOUNT]],
  ])('does not flag %s', (_label, eventSourceMappings, trustedAccountIds) => {
    expect(
      runChecks(
        [esmCrossAccountSource],
        makeSnapshot({ eventSourceMappings }),
        makeContext({ trustedAccountIds }),
      ),
    ).toEqual([]);
  });

  it('yields nothing when the mappings could not be read', () => {
    expect(
      runChecks([esmCrossAccountSource], makeSnapshot({ eventSourceMappings: null }), makeContext()),
    ).toEqual([]);
  });
});
