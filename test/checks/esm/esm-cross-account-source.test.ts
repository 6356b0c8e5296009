import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmCrossAccountSource } from '../../../src/checks/esm/esm-cross-account-source.js';
import type { EventSourceMapping } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { dynamodb, kafka, kinesis, sqs } from './mappings.js';

const { fires, silent, dataMissing } = checkCases(esmCrossAccountSource);

const FOREIGN = '999988887777';

describe('esm-cross-account-source', () => {
  for (const [name, mapping] of [
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
  ] as const)
    fires(`flags ${name} in another account`, () => {
      const findings = runChecks(
        [esmCrossAccountSource],
        makeSnapshot({ eventSourceMappings: [mapping] }),
        makeContext(),
      );
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'esm-cross-account-source',
          severity: 'info',
          evidence: expect.objectContaining({ account: FOREIGN }),
        }),
      ]);
      return findings;
    });

  for (const [name, eventSourceMappings, trustedAccountIds] of [
    ['sources in the audited account', [kinesis(), sqs(), dynamodb()], [ACCOUNT]],
    [
      'a source in a trusted account',
      [sqs({ EventSourceArn: `arn:aws:sqs:${REGION}:${FOREIGN}:q` })],
      [ACCOUNT, FOREIGN],
    ],
    ['self-managed Kafka (no ARN)', [kafka()], [ACCOUNT]],
  ] as [string, EventSourceMapping[], string[]][])
    silent(`does not flag ${name}`, () =>
      runChecks(
        [esmCrossAccountSource],
        makeSnapshot({ eventSourceMappings }),
        makeContext({ trustedAccountIds }),
      ),
    );

  dataMissing(
    'yields nothing when the mappings could not be read',
    unread(makeSnapshot(), 'eventSourceMappings'),
  );
});
