import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import { ACCOUNT, clients, EVENTS_DLQ_ARN, EVENTS_QUEUE_ARN, REGION, testWorld } from './test-world.js';

let fake: FakeAws;
let sqs: SQSClient;
let queueUrl: string;

beforeAll(async () => {
  fake = await startFakeAws({ world: testWorld() });
  sqs = clients.sqs(fake.url, { maxAttempts: 1 });
  queueUrl = `${fake.url}/${ACCOUNT}/change-events`;
});

beforeEach(() => {
  // Each test starts from an empty queue pair and a fresh world.
  fake.setWorld(testWorld());
  for (const queue of [EVENTS_QUEUE_ARN, EVENTS_DLQ_ARN]) fake.sqs.purge(queue);
});

afterEach(() => {
  fake.setKnobs({ accessDenied: [], failures: {} });
  fake.reset();
});

afterAll(async () => {
  sqs.destroy();
  await fake.close();
});

const receive = (input: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
  sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      ...input,
    }),
  );

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) =>
      error as { name: string; message: string; Code?: string; $metadata: { httpStatusCode?: number } },
  );
}

describe('fake SQS over JSON 1.0', () => {
  it('sends, receives with attributes (the SDK checks the MD5s) and deletes', async () => {
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"a":1}' }));
    expect(sent.MessageId).toBeTruthy();
    const got = await receive();
    expect(got.Messages).toHaveLength(1);
    const [message] = got.Messages ?? [];
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: '{"a":1}' });
    expect(message?.Attributes).toMatchObject({ ApproximateReceiveCount: '1' });
    expect(Number(message?.Attributes?.SentTimestamp)).toBeGreaterThan(0);
    // In flight: a second receive sees nothing.
    expect((await receive()).Messages).toBeUndefined();
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message?.ReceiptHandle }));
    expect(fake.sqs.messages(EVENTS_QUEUE_ARN)).toEqual([]);
    expect(fake.counts().calls).toMatchObject({
      'sqs:SendMessage': 1,
      'sqs:ReceiveMessage': 2,
      'sqs:DeleteMessage': 1,
    });
  });

  it('deletes in batches of up to ten, each entry on its own', async () => {
    for (const body of ['1', '2', '3']) fake.sqs.enqueue(EVENTS_QUEUE_ARN, body);
    const got = (await receive()).Messages ?? [];
    const answer = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          ...got.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
          { Id: 'bad', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(answer.Successful?.map((s) => s.Id)).toEqual(['m0', 'm1', 'm2']);
    expect(answer.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true }),
    ]);
    expect(fake.sqs.messages(EVENTS_QUEUE_ARN)).toEqual([]);
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, ReceiptHandle: 'x' }));
    const error = await failure(
      sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: tooMany })),
    );
    expect(error).toMatchObject({ name: 'TooManyEntriesInBatchRequest', $metadata: { httpStatusCode: 400 } });
  });

  it('a long poll returns as soon as a message arrives', async () => {
    const polling = receive({ WaitTimeSeconds: 20 });
    // Let the request reach the fake before the message does.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const id = fake.sqs.enqueue(EVENTS_QUEUE_ARN, { detail: { eventName: 'AddPermission20150331v2' } });
    const got = await polling;
    expect(got.Messages?.map((m) => m.MessageId)).toEqual([id]);
  }, 5_000);

  it('a long poll on an empty queue ends empty after WaitTimeSeconds', async () => {
    expect((await receive({ WaitTimeSeconds: 1 })).Messages).toBeUndefined();
  });

  it('a message comes back after its visibility timeout, with a higher receive count', async () => {
    fake.sqs.enqueue(queueUrl, 'x');
    const first = await receive({ VisibilityTimeout: 30 });
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    fake.sqs.advance(29_000);
    expect((await receive()).Messages).toBeUndefined();
    fake.sqs.advance(1_000);
    const again = await receive();
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    // The first receive's handle is stale now: deleting with it succeeds and deletes nothing.
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }),
    );
    expect(fake.sqs.messages(EVENTS_QUEUE_ARN)).toHaveLength(1);
  });

  it('ChangeMessageVisibility 0 makes a message visible at once; MaxNumberOfMessages is honoured', async () => {
    for (const body of ['1', '2', '3']) fake.sqs.enqueue(EVENTS_QUEUE_ARN, body);
    const two = await receive({ MaxNumberOfMessages: 2 });
    expect(two.Messages?.map((m) => m.Body)).toEqual(['1', '2']);
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: two.Messages?.[0]?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    expect((await receive()).Messages?.map((m) => m.Body)).toEqual(['1', '3']);
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue', async () => {
    const id = fake.sqs.enqueue(EVENTS_QUEUE_ARN, 'poison');
    for (let i = 1; i <= 3; i++) {
      const got = await receive({ VisibilityTimeout: 0 });
      expect(got.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(i));
    }
    expect((await receive({ VisibilityTimeout: 0 })).Messages).toBeUndefined();
    expect(fake.sqs.messages(EVENTS_QUEUE_ARN)).toEqual([]);
    expect(fake.sqs.messages(EVENTS_DLQ_ARN)).toMatchObject([{ messageId: id, body: 'poison' }]);
  });

  it('answers GetQueueAttributes with the policy, encryption and redrive policy as JSON text', async () => {
    const orders = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: `${fake.url}/${ACCOUNT}/orders`, AttributeNames: ['All'] }),
    );
    expect(orders.Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`,
      KmsMasterKeyId: 'alias/aws/sqs',
      SqsManagedSseEnabled: 'false',
    });
    expect(JSON.parse(orders.Attributes?.Policy ?? '{}').Statement[0].Principal).toEqual({
      Service: 'sns.amazonaws.com',
    });
    const events = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['RedrivePolicy', 'SqsManagedSseEnabled'],
      }),
    );
    expect(events.Attributes).toEqual({
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: EVENTS_DLQ_ARN, maxReceiveCount: 3 }),
      SqsManagedSseEnabled: 'true',
    });
  });

  it('accepts the AWS-shaped queue URL too', async () => {
    fake.sqs.enqueue(EVENTS_QUEUE_ARN, 'x');
    const got = await receive({ QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/change-events` });
    expect(got.Messages).toHaveLength(1);
  });
});

describe('fake SQS errors, in the JSON protocol’s shape', () => {
  it('names a missing queue QueueDoesNotExist with the query-compatible code', async () => {
    const error = await failure(receive({ QueueUrl: `${fake.url}/${ACCOUNT}/nope` }));
    expect(error).toMatchObject({
      name: 'QueueDoesNotExist',
      message: 'The specified queue does not exist.',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects a receipt handle it never issued, and a visibility change of a message not in flight', async () => {
    const invalid = await failure(
      sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'not-a-handle' })),
    );
    expect(invalid).toMatchObject({ name: 'ReceiptHandleIsInvalid', $metadata: { httpStatusCode: 404 } });
    fake.sqs.enqueue(EVENTS_QUEUE_ARN, 'x');
    const [message] = (await receive({ VisibilityTimeout: 5 })).Messages ?? [];
    fake.sqs.advance(5_000);
    const notInFlight = await failure(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message?.ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    );
    expect(notInFlight).toMatchObject({ name: 'MessageNotInflight', $metadata: { httpStatusCode: 400 } });
  });

  it('rejects an unknown attribute name and an out-of-range MaxNumberOfMessages', async () => {
    const attribute = await failure(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Colour' as 'All'] })),
    );
    expect(attribute).toMatchObject({ name: 'InvalidAttributeName', message: 'Unknown Attribute Colour.' });
    const count = await failure(receive({ MaxNumberOfMessages: 11 }));
    expect(count.message).toMatch(/MaxNumberOfMessages is invalid/);
  });

  it('answers the knobs: AccessDenied in AWS’s words, injected failures, counted', async () => {
    fake.setKnobs({
      accessDenied: ['sqs:ReceiveMessage'],
      failures: { 'sqs:GetQueueAttributes': { every: 1 } },
    });
    const denied = await failure(receive());
    expect(denied).toMatchObject({
      name: 'AccessDenied',
      Code: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect(denied.message).toContain(`sqs:ReceiveMessage on resource: ${EVENTS_QUEUE_ARN}`);
    const failed = await failure(sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl })));
    expect(failed).toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500 } });
    expect(fake.counts()).toMatchObject({
      denied: { 'sqs:ReceiveMessage': 1 },
      failed: { 'sqs:GetQueueAttributes': 1 },
    });
  });
});
