import type { Check } from '../check.js';

/**
 * Trips on an SQS queue feeding an event source mapping whose attributes carry no
 * `RedrivePolicy` (no dead-letter queue): a poison message is retried until it expires.
 */
export const esmSqsNoRedrive: Check = {
  id: 'esm-sqs-no-redrive',
  severity: 'low',
  title: 'SQS queue feeding the function has no dead-letter queue',
  risk: 'A message the function cannot process is received again and again until the queue’s retention ends, costing invocations and hiding the failure.',
  remediation:
    'Give the queue a RedrivePolicy with a dead-letter queue and a maxReceiveCount of a few attempts.',
  categories: ['esm'],
  requires: ['eventSourceMappings'],
  actions: ['lambda:ListEventSourceMappings', 'sqs:GetQueueAttributes'],
  run(snapshot) {
    const queues = new Set((snapshot.eventSourceMappings ?? []).map((m) => m.EventSourceArn ?? ''));
    return snapshot.sources.flatMap((s) =>
      s.type === 'sqs-queue' && queues.has(s.arn) && !s.attributes.RedrivePolicy
        ? [
            {
              resource: s.arn,
              key: s.arn,
              detail: `The queue ${s.arn} has no RedrivePolicy: failed messages are retried until they expire.`,
              evidence: { queue: s.arn, redrivePolicy: null },
            },
          ]
        : [],
    );
  },
};
