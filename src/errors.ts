/**
 * Errors are values with a stable code and a message a person can act on. Unknown errors are
 * wrapped once, at the boundary where they enter our code.
 */
export type ErrorCode =
  | 'usage'
  | 'config'
  | 'aws_access_denied'
  | 'aws_not_found'
  | 'aws_throttled'
  | 'aws_unavailable'
  | 'aws_error';

export class LambdaAuditError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad command-line or slash-command input; the message says what was expected. */
export class UsageError extends LambdaAuditError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** A missing or malformed environment variable. */
export class ConfigError extends LambdaAuditError {
  constructor(message: string) {
    super('config', message);
  }
}

/** An AWS call failed in a way that stops the whole audit (e.g. the function does not exist). */
export class AwsError extends LambdaAuditError {
  readonly api: string;
  constructor(code: ErrorCode, api: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.api = api;
  }
}
