/**
 * Reads the message sources of the invocation paths: SNS topics (GetTopicAttributes), SQS queues
 * (GetQueueAttributes) and the KMS keys they encrypt with (DescribeKey, to tell a customer key
 * from an AWS-managed one). A source that no longer exists is `missing`; a failed read `unread`.
 */
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../aws/clients.js';
import { isNotFound } from '../../aws/errors.js';
import { decodePolicyDocument } from '../../iam/role-snapshot.js';
import type { TriggerSource, Unverified } from '../../model.js';
import { attempt } from '../attempt.js';

/** Reads one source; a 404-like answer is `missing`, any other failure `unread` with its gap. */
export async function readOne(
  arn: string,
  api: string,
  gaps: Unverified[],
  read: () => Promise<TriggerSource>,
): Promise<TriggerSource> {
  const own: Unverified[] = [];
  const source = await attempt(own, 'triggers', api, () =>
    read().catch((error: unknown) => {
      if (isNotFound(error)) return { type: 'missing' as const, arn, api };
      throw error;
    }),
  );
  gaps.push(...own);
  return (
    source ?? { type: 'unread', arn, api: own[0]?.api ?? api, reason: own[0]?.reason ?? 'the read failed' }
  );
}

export const policyOf = (text: string | undefined) => (text ? decodePolicyDocument(text) : null);

export function readTopic(clients: AwsClients, arn: string, gaps: Unverified[]): Promise<TriggerSource> {
  return readOne(arn, 'sns:GetTopicAttributes', gaps, async () => {
    const { Attributes = {} } = await clients.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    return {
      type: 'sns-topic',
      arn,
      attributes: {
        Policy: policyOf(Attributes.Policy),
        ...(Attributes.KmsMasterKeyId ? { KmsMasterKeyId: Attributes.KmsMasterKeyId } : {}),
      },
    };
  });
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` from the queue's ARN. */
export function queueUrlOf(arn: string): string {
  const [, , , region = '', account = '', name = ''] = arn.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

export function readQueue(clients: AwsClients, arn: string, gaps: Unverified[]): Promise<TriggerSource> {
  return readOne(arn, 'sqs:GetQueueAttributes', gaps, async () => {
    const { Attributes = {} } = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrlOf(arn),
        AttributeNames: ['Policy', 'KmsMasterKeyId', 'SqsManagedSseEnabled', 'RedrivePolicy'],
      }),
    );
    return {
      type: 'sqs-queue',
      arn,
      attributes: {
        Policy: policyOf(Attributes.Policy),
        ...(Attributes.KmsMasterKeyId ? { KmsMasterKeyId: Attributes.KmsMasterKeyId } : {}),
        ...(Attributes.SqsManagedSseEnabled
          ? { SqsManagedSseEnabled: Attributes.SqsManagedSseEnabled === 'true' }
          : {}),
        ...(Attributes.RedrivePolicy ? { RedrivePolicy: Attributes.RedrivePolicy } : {}),
      },
    };
  });
}

export function readKey(clients: AwsClients, arn: string, gaps: Unverified[]): Promise<TriggerSource> {
  return readOne(arn, 'kms:DescribeKey', gaps, async () => {
    const { KeyMetadata } = await clients.kms.send(new DescribeKeyCommand({ KeyId: arn }));
    return { type: 'kms-key', arn, KeyManager: KeyMetadata?.KeyManager === 'AWS' ? 'AWS' : 'CUSTOMER' };
  });
}
