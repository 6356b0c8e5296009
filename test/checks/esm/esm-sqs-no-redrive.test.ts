import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmSqsNoRedrive } from '../../../src/checks/esm/esm-sqs-no-redrive.js';
import { QUEUE_ARN, queue } from '../../fixtures/apis.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, gap } from '../cases.js';
import { sqs } from './mappings.js';

const { fires, silent, dataMissing } = checkCases(esmSqsNoRedrive);

const withQueue = (source = queue()) =>
  makeSnapshot({ eventSourceMappings: [sqs({ EventSourceArn: QUEUE_ARN })], sources: [source] });

describe('esm-sqs-no-redrive', () => {
  fires('flags a mapped queue without a RedrivePolicy', () => {
    const findings = runChecks([esmSqsNoRedrive], withQueue(), makeContext());
    expect(findings).toEqual([expect.objectContaining({ severity: 'low', resource: QUEUE_ARN })]);
    return findings;
  });

  silent('does not flag a queue with a dead-letter queue', () => {
    const redrive = queue({
      RedrivePolicy:
        '{"deadLetterTargetArn":"arn:aws:sqs:eu-central-1:123456789012:orders-dlq","maxReceiveCount":"5"}',
    });
    return runChecks([esmSqsNoRedrive], withQueue(redrive), makeContext());
  });

  dataMissing('yields nothing when the queue could not be read', {
    ...withQueue({ type: 'unread', arn: QUEUE_ARN, api: 'sqs:GetQueueAttributes', reason: 'AccessDenied' }),
    unverified: [gap('sqs:GetQueueAttributes', 'triggers')],
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
