/**
 * SQS over the AWS JSON 1.0 protocol that @aws-sdk/client-sqs speaks (`X-Amz-Target:
 * AmazonSQS.<Op>`, `application/x-amz-json-1.0`): ReceiveMessage (long polling), DeleteMessage,
 * DeleteMessageBatch, ChangeMessageVisibility, SendMessage and GetQueueAttributes. Errors are JSON bodies with a
 * namespaced `__type` plus the `x-amzn-query-error: <Code>;<Sender|Receiver>` header the
 * query-compatible clients read, e.g. 400 `com.amazonaws.sqs#QueueDoesNotExist` with
 * `AWS.SimpleQueueService.NonExistentQueue;Sender`.
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  jsonResponse,
  type Route,
  type ServiceRouter,
} from './http.js';
import { type FoundQueue, md5, type SqsQueues } from './sqs-queues.js';
import type { Json } from './world.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_VISIBILITY_SECONDS = 43_200;
/** The attribute names GetQueueAttributes accepts; anything else is InvalidAttributeName. */
const QUEUE_ATTRIBUTE_NAMES = new Set([
  'All',
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  'ApproximateNumberOfMessagesDelayed',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
]);

type Input = Record<string, unknown>;

/** An SQS error: its `__type` (namespaced), HTTP status and the query-compatible code and fault. */
function sqsError(
  type: string,
  status: number,
  queryCode: string,
  message: string,
  fault: 'Sender' | 'Receiver' = 'Sender',
): ApiError {
  const namespaced = type.includes('#') ? type : `com.amazonaws.sqs#${type}`;
  return new ApiError(namespaced, status, message, {
    headers: { 'x-amzn-query-error': `${queryCode};${fault}` },
  });
}

const noSuchQueue = () =>
  sqsError(
    'QueueDoesNotExist',
    400,
    'AWS.SimpleQueueService.NonExistentQueue',
    'The specified queue does not exist.',
  );

const missing = (parameter: string) =>
  sqsError(
    'MissingParameter',
    400,
    'MissingParameter',
    `The request must contain the parameter ${parameter}.`,
  );

const invalidValue = (message: string) =>
  sqsError('InvalidParameterValue', 400, 'InvalidParameterValue', message);

export function sqsRouter(queues: SqsQueues): ServiceRouter {
  /** The queue QueueUrl names; an unknown one is QueueDoesNotExist. */
  function queueOf(input: Input, req: FakeRequest): FoundQueue {
    const url = input.QueueUrl;
    if (typeof url !== 'string' || url === '') throw missing('QueueUrl');
    const found = queues.find(url, req.account, req.region);
    if (!found) throw noSuchQueue();
    return found;
  }

  function whole(
    value: unknown,
    name: string,
    min: number,
    max: number,
    fallback?: number,
  ): number | undefined {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalidValue(
        `Value ${String(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`,
      );
    }
    return value;
  }

  async function receiveMessage(input: Input, req: FakeRequest): Promise<Json> {
    const found = queueOf(input, req);
    const names = [...strings(input.MessageSystemAttributeNames), ...strings(input.AttributeNames)];
    const visibilitySeconds = whole(input.VisibilityTimeout, 'VisibilityTimeout', 0, MAX_VISIBILITY_SECONDS);
    const messages = await queues.receive(found, {
      max: whole(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 1) as number,
      waitSeconds: whole(
        input.WaitTimeSeconds,
        'WaitTimeSeconds',
        0,
        20,
        Number(queues.attributes(found).ReceiveMessageWaitTimeSeconds),
      ) as number,
      ...(visibilitySeconds === undefined ? {} : { visibilitySeconds }),
      attributes: new Set(names),
    });
    // An empty receive answers `{}`: the SDK then leaves Messages undefined, as against AWS.
    return messages.length > 0 ? { Messages: messages as unknown as Json } : {};
  }

  function receiptHandle(input: Input, found: FoundQueue) {
    const handle = input.ReceiptHandle;
    if (typeof handle !== 'string' || handle === '') throw missing('ReceiptHandle');
    const known = queues.byHandle(found, handle);
    if (known.kind === 'invalid')
      throw sqsError(
        'ReceiptHandleIsInvalid',
        404,
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${handle}" is not a valid receipt handle.`,
      );
    return known;
  }

  function deleteMessage(input: Input, req: FakeRequest): Json {
    const found = queueOf(input, req);
    const known = receiptHandle(input, found);
    // A handle from an earlier receive, or of a message already deleted: AWS answers success and
    // (for the earlier receive) leaves the message where it is.
    if (known.kind === 'found') queues.delete(found, known.message);
    return {};
  }

  /** Up to 10 deletes; each entry succeeds or fails on its own, as SQS answers batches. */
  function deleteMessageBatch(input: Input, req: FakeRequest): Json {
    const found = queueOf(input, req);
    const entries = Array.isArray(input.Entries) ? (input.Entries as Input[]) : [];
    if (entries.length === 0)
      throw sqsError(
        'EmptyBatchRequest',
        400,
        'AWS.SimpleQueueService.EmptyBatchRequest',
        'There should be at least one DeleteMessageBatchRequestEntry in the request.',
      );
    if (entries.length > 10)
      throw sqsError(
        'TooManyEntriesInBatchRequest',
        400,
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
      );
    const ids = entries.map((e) => String(e.Id ?? ''));
    if (new Set(ids).size !== ids.length)
      throw sqsError(
        'BatchEntryIdsNotDistinct',
        400,
        'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      );
    const successful: Json[] = [];
    const failed: Json[] = [];
    for (const entry of entries) {
      const known = queues.byHandle(found, String(entry.ReceiptHandle ?? ''));
      if (known.kind === 'invalid') {
        failed.push({
          Id: String(entry.Id),
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'The input receipt handle is invalid.',
        });
        continue;
      }
      if (known.kind === 'found') queues.delete(found, known.message);
      successful.push({ Id: String(entry.Id) });
    }
    return { Successful: successful, Failed: failed };
  }

  function changeMessageVisibility(input: Input, req: FakeRequest): Json {
    const found = queueOf(input, req);
    const seconds = whole(input.VisibilityTimeout, 'VisibilityTimeout', 0, MAX_VISIBILITY_SECONDS);
    if (seconds === undefined) throw missing('VisibilityTimeout');
    const known = receiptHandle(input, found);
    if (known.kind === 'stale')
      throw sqsError(
        'ReceiptHandleIsInvalid',
        404,
        'ReceiptHandleIsInvalid',
        'The receipt handle has expired.',
      );
    if (!queues.inFlight(known.message))
      throw sqsError(
        'MessageNotInflight',
        400,
        'AWS.SimpleQueueService.MessageNotInflight',
        'The message referred to is not in flight.',
      );
    queues.changeVisibility(found, known.message, seconds);
    return {};
  }

  function sendMessage(input: Input, req: FakeRequest): Json {
    const found = queueOf(input, req);
    const body = input.MessageBody;
    if (typeof body !== 'string' || body === '') throw missing('MessageBody');
    const delay = whole(input.DelaySeconds, 'DelaySeconds', 0, 900, 0) as number;
    const message = queues.send(found, body, delay, req.accessKeyId || 'AIDAFAKE');
    return { MessageId: message.id, MD5OfMessageBody: md5(body) };
  }

  function getQueueAttributes(input: Input, req: FakeRequest): Json {
    const found = queueOf(input, req);
    const wanted = strings(input.AttributeNames);
    const unknown = wanted.find((name) => !QUEUE_ATTRIBUTE_NAMES.has(name));
    if (unknown !== undefined)
      throw sqsError('InvalidAttributeName', 400, 'InvalidAttributeName', `Unknown Attribute ${unknown}.`);
    const all = queues.attributes(found);
    const attributes = Object.fromEntries(
      Object.entries(all).filter(([name]) => wanted.includes('All') || wanted.includes(name)),
    );
    return { Attributes: attributes };
  }

  const handlers: Record<string, (input: Input, req: FakeRequest) => Json | Promise<Json>> = {
    ReceiveMessage: receiveMessage,
    DeleteMessage: deleteMessage,
    DeleteMessageBatch: deleteMessageBatch,
    ChangeMessageVisibility: changeMessageVisibility,
    SendMessage: sendMessage,
    GetQueueAttributes: getQueueAttributes,
  };

  return {
    route(req: FakeRequest): Route {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
      let input: Input = {};
      try {
        input = req.body ? (JSON.parse(req.body) as Input) : {};
      } catch {
        // Left empty: the handler reports the missing parameters.
      }
      const queue =
        typeof input.QueueUrl === 'string' ? queues.find(input.QueueUrl, req.account, req.region) : undefined;
      const handler = handlers[operation];
      return {
        api: `sqs:${operation || 'Unknown'}`,
        resource: queue?.arn ?? `arn:aws:sqs:${req.region}:${req.account}:*`,
        run: async () => {
          if (!handler)
            throw sqsError(
              'InvalidAction',
              400,
              'InvalidAction',
              `The action ${target} is not valid for this endpoint.`,
            );
          // Another account's queue: its policy would decide; the fake, like its Lambda, says no.
          if (queue && queue.account !== req.account) throw denied(`sqs:${operation}`, queue.arn, req);
          return jsonResponse(await handler(input, req), CONTENT_TYPE);
        },
      };
    },
    render(error: ApiError, req: FakeRequest) {
      return {
        status: error.status,
        headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': req.requestId, ...error.extra.headers },
        body: JSON.stringify({ __type: error.code, message: error.message }),
      };
    },
    throttled: () => sqsError('RequestThrottled', 403, 'RequestThrottled', 'Request is throttled.'),
    denied,
    failure: () =>
      sqsError(
        'InternalError',
        500,
        'InternalError',
        'We encountered an internal error. Please try again (injected by the fake).',
        'Receiver',
      ),
  };
}

function denied(api: string, resource: string, req: FakeRequest): ApiError {
  return sqsError(
    'com.amazon.coral.service#AccessDeniedException',
    403,
    'AccessDenied',
    deniedMessage(req.callerArn, api, resource),
  );
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
