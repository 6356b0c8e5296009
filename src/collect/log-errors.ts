import type { LogErrorKind } from '../model.js';

/**
 * The CloudWatch Logs filter pattern that finds candidate error lines; `classifyLogLine` then
 * decides what each one is. Terms joined with `?` are ORed by CloudWatch Logs.
 */
export const ERROR_FILTER_PATTERN =
  '?ERROR ?Error ?error ?Exception ?"Task timed out" ?"signal: killed" ?"Runtime.OutOfMemory" ?"Rate Exceeded" ?TooManyRequestsException';

/** What kind of failure one log line reports, or null when it is not one. */
export function classifyLogLine(message: string): LogErrorKind | null {
  if (/Task timed out after/i.test(message)) return 'timeout';
  if (/Runtime exited with error: signal: killed|Runtime\.OutOfMemory/i.test(message)) return 'outOfMemory';
  if (/Rate Exceeded|TooManyRequestsException|ThrottlingException/i.test(message)) return 'throttle';
  if (
    /Runtime\.Unhandled|Unhandled(Promise)?Rejection|uncaught exception|Traceback \(most recent call last\)/i.test(
      message,
    )
  ) {
    return 'unhandled';
  }
  if (/\bERROR\b|\bError\b|\w+Exception\b|\berror\b/.test(message)) return 'error';
  return null;
}
