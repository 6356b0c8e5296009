/**
 * The change-events queue (CHANGE_EVENTS_QUEUE_URL), read through SQS: long-poll receives,
 * deletes once a message is handled, and a visibility change to retry one later. A message is
 * never deleted here on failure: the queue's redrive policy moves one that keeps failing to its
 * dead-letter queue.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Credentials } from '../aws/clients.js';
import { toAwsError } from '../aws/errors.js';

export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** How many times SQS has handed this message out, this time included. */
  receiveCount: number;
}

export interface ChangeQueue {
  readonly url: string;
  /** Up to 10 messages; waits up to `waitSeconds` for the first. Aborting ends the wait early. */
  receive(waitSeconds: number, signal?: AbortSignal): Promise<QueueMessage[]>;
  /** Deletes handled messages, ten a call; returns those SQS did not delete. */
  delete(messages: readonly QueueMessage[]): Promise<QueueMessage[]>;
  /** Makes the message visible again after `seconds` (0: at once). */
  retryLater(message: QueueMessage, seconds: number): Promise<void>;
  close(): void;
}

/** The region in an SQS queue URL (`https://sqs.<region>.amazonaws.com/...`), or null. */
export function queueRegion(url: string): string | null {
  const host = /^https?:\/\/([^/]+)/.exec(url)?.[1] ?? '';
  return (
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1] ??
    /^([a-z]{2}(?:-[a-z]+)+-\d)\.queue\.amazonaws\.com/.exec(host)?.[1] ??
    null
  );
}

/**
 * The queue over the SDK. `visibilitySeconds` is how long a received message stays hidden while
 * it is handled; a crash in between makes it visible again after that.
 */
export function sqsChangeQueue(
  url: string,
  options: {
    region: string;
    endpoint?: string;
    credentials?: Credentials | (() => Promise<Credentials>);
    visibilitySeconds?: number;
  },
): ChangeQueue {
  const client = new SQSClient({
    region: queueRegion(url) ?? options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const visibility = options.visibilitySeconds ?? 120;
  return {
    url,
    async receive(waitSeconds, signal) {
      // A signal of its own per call: the SDK leaves a listener on the signal it is given.
      const call = new AbortController();
      const abort = () => call.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const answer = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: waitSeconds,
            VisibilityTimeout: visibility,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: call.signal },
        );
        return (answer.Messages ?? []).map((m) => ({
          messageId: m.MessageId ?? '',
          receiptHandle: m.ReceiptHandle ?? '',
          body: m.Body ?? '',
          receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
        }));
      } catch (error) {
        if (signal?.aborted) return [];
        throw toAwsError(error, 'sqs:ReceiveMessage');
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    async delete(messages) {
      const left: QueueMessage[] = [];
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        try {
          const answer = await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: url,
              Entries: batch.map((m, n) => ({ Id: String(n), ReceiptHandle: m.receiptHandle })),
            }),
          );
          for (const failed of answer.Failed ?? []) left.push(batch[Number(failed.Id)] as QueueMessage);
        } catch (error) {
          // DeleteMessageBatch is authorised as sqs:DeleteMessage.
          throw toAwsError(error, 'sqs:DeleteMessage');
        }
      }
      return left;
    },
    async retryLater(message, seconds) {
      try {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: message.receiptHandle,
            VisibilityTimeout: seconds,
          }),
        );
      } catch (error) {
        throw toAwsError(error, 'sqs:ChangeMessageVisibility');
      }
    },
    close: () => client.destroy(),
  };
}
