import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmSqsNoRedrive } from '../../../src/checks/esm/esm-sqs-no-redrive.js';
import { QUEUE_ARN, queue } from '../../fixtures/apis.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { sqs } from './mappings.js';

const withQueue = (source = queue()) =>
  makeSnapshot({ eventSourceMappings: [sqs({ EventSourceArn: QUEUE_ARN })], sources: [source] });

describe('esm-sqs-no-redrive', () => {
  it('flags a mapped queue without a RedrivePolicy', () => {
    expect(runChecks([esmSqsNoRedrive], withQueue(), makeContext())).toEqual([
      expect.objectContaining({ severity: 'low', resource: QUEUE_ARN }),
    ]);
  });

  it('does not flag a queue with a dead-letter queue', () => {
    const redrive = queue({
      RedrivePolicy:
        '{"deadLetterTargetArn":"arn:aws:sqs:eu-central-1:123456789012:orders-dlq","maxReceiveCount":"5"}',
    });
    expect(runChecks([esmSqsNoRedrive], withQueue(redrive), makeContext())).toEqual([]);
  });

  it('yields nothing when the queue could not be read', () => {
    const denied = {
      type: 'unread' as const,
      arn: QUEUE_ARN,
      api: 'sqs:GetQueueAttributes',
      reason: 'AccessDenied',
    };
    expect(runChecks([esmSqsNoRedrive], withQueue(denied), makeContext())).toEqual([]);
  });

  it('yields nothing when the mappings could not be read', () => {
    expect(
      runChecks(
        [esmSqsNoRedrive],
        makeSnapshot({ eventSourceMappings: null, sources: [queue()] }),
        makeContext(),
      ),
    ).toEqual([]);
  });
});
