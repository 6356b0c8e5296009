import type { Check } from '../check.js';
import { describeSource, eventSourceKind, isStreamSource } from './event-source.js';

/**
 * Trips on a Kinesis, DynamoDB stream, MSK or self-managed Kafka mapping with no
 * `DestinationConfig.OnFailure.Destination`: records that exhaust their retries are skipped
 * with no copy kept.
 */
export const esmStreamNoFailureDest: Check = {
  id: 'esm-stream-no-failure-dest',
  severity: 'medium',
  categories: ['esm'],
  title: 'Stream mapping discards failed records',
  risk: 'A batch that keeps failing is dropped once retries or record age run out, and nothing records which records were lost.',
  remediation:
    'Set an on-failure destination (SQS, SNS, S3 or Kafka topic) on the mapping (UpdateEventSourceMapping DestinationConfig.OnFailure).',
  requires: ['eventSourceMappings'],
  actions: ['lambda:ListEventSourceMappings'],
  run(snapshot) {
    return (snapshot.eventSourceMappings ?? []).flatMap((mapping) => {
      const kind = eventSourceKind(mapping);
      if (!isStreamSource(kind) || mapping.DestinationConfig?.OnFailure?.Destination) return [];
      const source = describeSource(mapping);
      return [
        {
          key: mapping.UUID,
          detail: `The ${kind} mapping ${mapping.UUID} (${source}) has no on-failure destination.`,
          evidence: { uuid: mapping.UUID, kind, source },
        },
      ];
    });
  },
};
