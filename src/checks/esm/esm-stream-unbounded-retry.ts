import type { Check } from '../check.js';
import { eventSourceKind } from './event-source.js';

/**
 * Trips on a Kinesis or DynamoDB stream mapping with `MaximumRetryAttempts = -1` and
 * `MaximumRecordAgeInSeconds = -1` (absent means -1, AWS's default). MSK and Kafka mappings have
 * no such settings and never trip it.
 */
export const esmStreamUnboundedRetry: Check = {
  id: 'esm-stream-unbounded-retry',
  severity: 'low',
  categories: ['esm'],
  title: 'Stream mapping retries a failing record without limit',
  risk: 'One poison record blocks its shard until the record expires from the stream (up to a week for Kinesis), stalling everything behind it.',
  remediation:
    'Set MaximumRetryAttempts and/or MaximumRecordAgeInSeconds, enable BisectBatchOnFunctionError, and add an on-failure destination.',
  requires: ['eventSourceMappings'],
  actions: ['lambda:ListEventSourceMappings'],
  run(snapshot) {
    return (snapshot.eventSourceMappings ?? []).flatMap((mapping) => {
      const kind = eventSourceKind(mapping);
      if (kind !== 'kinesis' && kind !== 'dynamodb') return [];
      const retries = mapping.MaximumRetryAttempts ?? -1;
      const maxAge = mapping.MaximumRecordAgeInSeconds ?? -1;
      if (retries !== -1 || maxAge !== -1) return [];
      return [
        {
          key: mapping.UUID,
          detail: `The ${kind} mapping ${mapping.UUID} (${mapping.EventSourceArn}) retries forever and never ages records out.`,
          evidence: {
            uuid: mapping.UUID,
            kind,
            source: mapping.EventSourceArn,
            maximumRetryAttempts: retries,
            maximumRecordAgeInSeconds: maxAge,
          },
        },
      ];
    });
  },
};
