import { AwsError, type ErrorCode } from '../errors.js';
import { currentDeadline } from './deadline.js';

/** What an SDK error means to us, in words a person can act on. */
export interface AwsFailure {
  /** `config` when the SDK found no credentials: the operator's setup, not AWS, is at fault. */
  code: Extract<ErrorCode, `aws_${string}`> | 'config';
  /** The IAM action whose call failed (an earlier call's, when that one failed first). */
  api: string;
  reason: string;
}

/** The one line a person without credentials needs. */
export const NO_CREDENTIALS =
  'no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role provides them (see README.md)';

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  // SNS's word for it.
  'AuthorizationError',
]);
const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  // API Gateway (v1 and v2) and KMS: an id that does not exist.
  'NotFoundException',
  // SNS (query protocol): a topic that does not exist.
  'NotFound',
  // SQS: a queue that does not exist (its JSON name, and the query-compatible code).
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  // S3: a bucket that does not exist.
  'NoSuchBucket',
  // ELBv2 (query codes TargetGroupNotFound, LoadBalancerNotFound, ListenerNotFound).
  'TargetGroupNotFoundException',
  'LoadBalancerNotFoundException',
  'ListenerNotFoundException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttled',
  'LimitExceededException',
  // S3's 503.
  'SlowDown',
]);

/** The IAM action of the SDK call each error came from, recorded by the clients (see clients.ts). */
const failedCalls = new WeakMap<object, string>();

export function recordFailedCall(error: unknown, api: string): void {
  if (error && typeof error === 'object' && !failedCalls.has(error)) failedCalls.set(error, api);
}

/** The action of the call that failed: a gap must ask for the permission really missing. */
export function failedCall(error: unknown): string | undefined {
  return error && typeof error === 'object' ? failedCalls.get(error) : undefined;
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string')
    return error.name;
  return 'Error';
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export function isNotFound(error: unknown): boolean {
  return NOT_FOUND.has(errorName(error));
}

/** Classifies an SDK error from the call to `api` (an IAM action such as 'lambda:GetPolicy'). */
export function classifyAwsError(error: unknown, api: string): AwsFailure {
  // Already classified where it happened: the credentials of an assumed role failing at
  // sts:AssumeRole surface inside whichever call needed them, and must keep their own action.
  if (error instanceof AwsError)
    return { code: error.code as AwsFailure['code'], api: error.api, reason: error.message };
  const name = errorName(error);
  const message = errorMessage(error);
  if (name === 'CredentialsProviderError') return { code: 'config', api, reason: NO_CREDENTIALS };
  // AWS's answer to any call into a region the account has not enabled (opt-in regions).
  if (name === 'UnrecognizedClientException') {
    return {
      code: 'aws_access_denied',
      api,
      reason:
        `${name}: the credentials are not valid there; is the region enabled in the account? ${message}`.trim(),
    };
  }
  if (DENIED.has(name)) {
    return {
      code: 'aws_access_denied',
      api,
      reason: `AccessDenied: missing permission ${api}. ${message}`.trim(),
    };
  }
  if (NOT_FOUND.has(name)) return { code: 'aws_not_found', api, reason: `${name}: ${message}` };
  if (THROTTLED.has(name)) return { code: 'aws_throttled', api, reason: `throttled past retries (${name})` };
  const deadline = currentDeadline();
  if (name === 'AbortError' && deadline?.signal.aborted) {
    const seconds = deadline.ms / 1000;
    return {
      code: 'aws_unavailable',
      api,
      reason: `did not answer within ${seconds} s (${deadline.variable}); what it reads is unverified`,
    };
  }
  if (name === 'TimeoutError') {
    return { code: 'aws_unavailable', api, reason: `did not answer within the request timeout: ${message}` };
  }
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up/.test(message)) {
    return { code: 'aws_unavailable', api, reason: `could not reach AWS: ${message}` };
  }
  return { code: 'aws_error', api, reason: `${name}: ${message}` };
}

/** Our error for a failed call to `api`; an error already ours (see classifyAwsError) passes through. */
export function toAwsError(error: unknown, api: string, message?: string): AwsError {
  if (error instanceof AwsError) return error;
  const failure = classifyAwsError(error, api);
  const said = failure.code === 'config' ? failure.reason : (message ?? failure.reason);
  return new AwsError(failure.code, failure.api, said, { cause: error });
}
