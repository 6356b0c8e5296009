import { AwsError, type ErrorCode } from '../errors.js';

/** What an SDK error means to us, in words a person can act on. */
export interface AwsFailure {
  code: Extract<ErrorCode, `aws_${string}`>;
  reason: string;
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
]);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
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
  const name = errorName(error);
  const message = errorMessage(error);
  if (DENIED.has(name)) {
    return {
      code: 'aws_access_denied',
      reason: `AccessDenied: missing permission ${api}. ${message}`.trim(),
    };
  }
  if (NOT_FOUND.has(name)) return { code: 'aws_not_found', reason: `${name}: ${message}` };
  if (THROTTLED.has(name)) return { code: 'aws_throttled', reason: `throttled past retries (${name})` };
  if (name === 'TimeoutError' || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up/.test(message)) {
    return { code: 'aws_unavailable', reason: `could not reach AWS: ${message}` };
  }
  return { code: 'aws_error', reason: `${name}: ${message}` };
}

export function toAwsError(error: unknown, api: string, message?: string): AwsError {
  const failure = classifyAwsError(error, api);
  return new AwsError(failure.code, api, message ?? failure.reason, { cause: error });
}
