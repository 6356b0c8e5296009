import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmStreamNoFailureDest } from '../../../src/checks/esm/esm-stream-no-failure-dest.js';
import type { EventSourceMapping } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { dynamodb, kafka, kinesis, msk, sqs } from './mappings.js';

const { fires, silent, dataMissing } = checkCases(esmStreamNoFailureDest);

describe('esm-stream-no-failure-dest', () => {
  for (const [name, mapping, kind] of [
    ['Kinesis', kinesis({ DestinationConfig: undefined }), 'kinesis'],
    ['DynamoDB stream', dynamodb({ DestinationConfig: {} }), 'dynamodb'],
    ['MSK', msk({ DestinationConfig: { OnFailure: {} } }), 'msk'],
    ['self-managed Kafka', kafka({ DestinationConfig: undefined }), 'kafka'],
  ] as const)
    fires(`flags a ${name} mapping with no on-failure destination`, () => {
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
      return findings;
    });

  it('names self-managed Kafka by its brokers', () => {
    const [finding] = runChecks(
      [esmStreamNoFailureDest],
      makeSnapshot({ eventSourceMappings: [kafka({ DestinationConfig: undefined })] }),
      makeContext(),
    );
    expect(finding?.evidence.source).toBe('b-1.kafka.internal:9096,b-2.kafka.internal:9096');
  });

  for (const [name, eventSourceMappings] of [
    ['streams with destinations', [kinesis(), dynamodb(), msk(), kafka()]],
    ['an SQS queue (not a stream)', [sqs()]],
    ['no mappings', []],
  ] as [string, EventSourceMapping[]][])
    silent(`does not flag ${name}`, () =>
      runChecks([esmStreamNoFailureDest], makeSnapshot({ eventSourceMappings }), makeContext()),
    );

  dataMissing(
    'yields nothing when the mappings could not be read',
    unread(makeSnapshot(), 'eventSourceMappings'),
  );
});
