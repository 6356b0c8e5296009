import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmStreamNoFailureDest } from '../../../src/checks/esm/esm-stream-no-failure-dest.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { dynamodb, kafka, kinesis, msk, sqs } from './mappings.js';

describe('esm-stream-no-failure-dest', () => {
  it.each([
    ['Kinesis', kinesis({ DestinationConfig: undefined }), 'kinesis'],
    ['DynamoDB stream', dynamodb({ DestinationConfig: {} }), 'dynamodb'],
    ['MSK', msk({ DestinationConfig: { OnFailure: {} } }), 'msk'],
    ['self-managed Kafka', kafka({ DestinationConfig: undefined }), 'kafka'],
  ])('flags a %s mapping with no on-failure destination', (_label, mapping, kind) => {
    const findings = runChecks(
      [esmStreamNoFailureDest],
      makeSnapshot({ eventSourceMappings: [mapping] }),
      makeContext(),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'esm-stream-no-failure-dest',
        severity: 'medium',
        evidence: expect.objectContaining({ uuid: mapping.UUID, kind }),
      }),
    ]);
  });

  it('names self-managed Kafka by its brokers', () => {
    const [finding] = runChecks(
      [esmStreamNoFailureDest],
      makeSnapshot({ eventSourceMappings: [kafka({ DestinationConfig: undefined })] }),
      makeContext(),
    );
    expect(finding?.evidence.source).toBe('b-1.kafka.internal:9096,b-2.kafka.internal:9096');
  });

  it.each([
    ['streams with destinations', [kinesis(), dynamodb(), msk(), kafka()]],
    ['an SQS queue (not a stream)', [sqs()]],
    ['no mappings', []],
  ])('does not flag %s', (_label, eventSourceMappings) => {
    expect(runChecks([esmStreamNoFailureDest], makeSnapshot({ eventSourceMappings }), makeContext())).toEqual(
      [],
    );
  });

  it('yields nothing when the mappings could not be read', () => {
    expect(
      runChecks([esmStreamNoFailureDest], makeSnapshot({ eventSourceMappings: null }), makeContext()),
    ).toEqual([]);
  });
});
