import type { LogErrorKind } from '../model.js';
import { MAX_EXAMINED } from '../secrets.js';

/**
 * The CloudWatch Logs filter pattern that finds candidate error lines; `classifyLogLine` then
 * decides what each one is. Terms joined with `?` are ORed by CloudWatch Logs.
 */
export const ERROR_FILTER_PATTERN =
  '?ERROR ?Error ?error ?Exception ?"Task timed out" ?"signal: killed" ?"Runtime.OutOfMemory" ?"Rate Exceeded" ?TooManyRequestsException';

/** What kind of failure one log line reports, or null when it is not one. */
export function classifyLogLine(line: string): LogErrorKind | null {
  // Lambda's own markers open the line; a 256 KB line is not read to its end.
  const message = line.length > MAX_EXAMINED ? line.slice(0, MAX_EXAMINED) : line;
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
  // `\wException`, not `\w+Exception`: the same lines, without rescanning a long word from
  // each of its letters (quadratic).
  if (/\bERROR\b|\bError\b|\wException\b|\berror\b/.test(message)) return 'error';
  return null;
}
