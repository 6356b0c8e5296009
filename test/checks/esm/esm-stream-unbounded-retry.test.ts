import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmStreamUnboundedRetry } from '../../../src/checks/esm/esm-stream-unbounded-retry.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { dynamodb, kafka, kinesis, msk } from './mappings.js';

describe('esm-stream-unbounded-retry', () => {
  it.each([
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
  ])('flags %s', (_label, mapping) => {
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
  });

  it.each([
    ['a retry limit', kinesis({ MaximumRetryAttempts: 5, MaximumRecordAgeInSeconds: -1 })],
    ['a record age limit', dynamodb({ MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: 86_400 })],
    ['MSK, which has no such settings', msk()],
    ['self-managed Kafka, which has no such settings', kafka()],
  ])('does not flag a mapping with %s', (_label, mapping) => {
    expect(
      runChecks([esmStreamUnboundedRetry], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext()),
    ).toEqual([]);
  });

  it('yields nothing when the mappings could not be read', () => {
    expect(
      runChecks([esmStreamUnboundedRetry], makeSnapshot({ eventSourceMappings: null }), makeContext()),
    ).toEqual([]);
  });
});
