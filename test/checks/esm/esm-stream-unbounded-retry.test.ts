import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmStreamUnboundedRetry } from '../../../src/checks/esm/esm-stream-unbounded-retry.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { dynamodb, kafka, kinesis, msk } from './mappings.js';

const { fires, silent, dataMissing } = checkCases(esmStreamUnboundedRetry);

describe('esm-stream-unbounded-retry', () => {
  for (const [name, mapping] of [
    [
      'Kinesis with both limits set to -1',
      kinesis({ MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1 }),
    ],
    [
      'Kinesis with both limits absent (AWS default)',
      kinesis({ MaximumRetryAttempts: undefined, MaximumRecordAgeInSeconds: undefined }),
    ],
    [
      'DynamoDB with one -1 and one absent',
      dynamodb({ MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: undefined }),
    ],
  ] as const)
    fires(`flags ${name}`, () => {
      const findings = runChecks(
        [esmStreamUnboundedRetry],
        makeSnapshot({ eventSourceMappings: [mapping] }),
        makeContext(),
      );
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'esm-stream-unbounded-retry',
          severity: 'low',
          evidence: expect.objectContaining({ maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1 }),
        }),
      ]);
      return findings;
    });

  for (const [name, mapping] of [
    ['a retry limit', kinesis({ MaximumRetryAttempts: 5, MaximumRecordAgeInSeconds: -1 })],
    ['a record age limit', dynamodb({ MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: 86_400 })],
    ['MSK, which has no such settings', msk()],
    ['self-managed Kafka, which has no such settings', kafka()],
  ] as const)
    silent(`does not flag a mapping with ${name}`, () =>
      runChecks([esmStreamUnboundedRetry], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext()),
    );

  dataMissing(
    'yields nothing when the mappings could not be read',
    unread(makeSnapshot(), 'eventSourceMappings'),
  );
});
