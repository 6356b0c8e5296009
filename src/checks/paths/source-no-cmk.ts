import { isMessageSource } from '../../invocation/messages.js';
import type { Check } from '../check.js';

/**
 * Trips on a source that invokes the function whose data at rest is not under a customer-managed
 * key: an SNS topic without `KmsMasterKeyId` (medium) or with `alias/aws/sns`, a queue with
 * SQS-managed SSE, a bucket with SSE-S3 (`AES256`) or `aws/s3` (low).
 */
export const sourceNoCmk: Check = {
  id: 'source-no-cmk',
  severity: 'low',
  title: 'A source that invokes the function is not encrypted with a customer-managed key',
  risk: 'Without a key you control, you cannot restrict or audit who decrypts the events, or revoke access by disabling the key.',
  remediation:
    'Encrypt the source with a customer-managed KMS key and grant the key only to its writers and the function.',
  categories: ['exposure'],
  requires: ['policies'],
  actions: [
    'lambda:GetPolicy',
    'sns:GetTopicAttributes',
    'sqs:GetQueueAttributes',
    's3:GetBucketNotification',
    's3:GetEncryptionConfiguration',
    'kms:DescribeKey',
    'kms:DescribeKey',
    'events:DescribeRule',
    'events:DescribeEventBus',
    'kinesis:DescribeStreamSummary',
    'dynamodb:DescribeTable',
  ],
  run(_snapshot, context) {
    return context.paths
      .filter((p) => isMessageSource(p.kind) && (p.encryption === 'none' || p.encryption === 'aws-managed'))
      .map((p) => ({
        ...(p.encryption === 'none' ? { severity: 'medium' as const } : {}),
        resource: p.source,
        key: p.qualifier ?? '',
        detail:
          p.encryption === 'none'
            ? `${p.kind} ${p.source} stores its events unencrypted.`
            : `${p.kind} ${p.source} is encrypted with an AWS-managed key, not one you control.`,
        evidence: { source: p.source, kind: p.kind, encryption: p.encryption },
      }));
  },
};
