import { describe, expect, it } from 'vitest';
import { classifyLogLine } from '../../src/collect/log-errors.js';

describe('classifyLogLine', () => {
  it.each([
    ['2026-11-24T08:00:00.000Z abc Task timed out after 3.00 seconds', 'timeout'],
    ['RequestId: abc Error: Runtime exited with error: signal: killed', 'outOfMemory'],
    ['{"errorType":"Runtime.OutOfMemory"}', 'outOfMemory'],
    ['ERROR Invoke Error {"errorType":"Runtime.UnhandledPromiseRejection"}', 'unhandled'],
    ['Traceback (most recent call last):', 'unhandled'],
    ['2026-11-24 ERROR could not reach the database', 'error'],
    ['botocore.exceptions.ClientError: ThrottlingException: Rate exceeded', 'throttle'],
    ['java.lang.NullPointerException at Handler.java:12', 'error'],
  ])('reads %j as %s', (line, kind) => expect(classifyLogLine(line)).toBe(kind));

  it.each([
    'START RequestId: abc Version: $LATEST',
    'REPORT RequestId: abc Duration: 12 ms',
    'errorless day',
  ])('ignores %j', (line) => expect(classifyLogLine(line)).toBeNull());
});
