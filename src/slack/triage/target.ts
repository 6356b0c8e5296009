/**
 * Which function an alarm is about, as the engine needs it: a FunctionRef and the alarm's time.
 * Pure. When the alarm names its account, the function is addressed by ARN so that the engine
 * reads it in that account (or is refused), never a same-named function in another one.
 */
import { parseArn } from '../../arn.js';
import type { FunctionRef } from '../../engine-contract.js';
import type { AlarmRef } from '../../triage/parse.js';
import { parseTime } from '../../triage/when.js';

export type Target = { ref: FunctionRef; alarmTime: Date } | { problem: string };

/** The AWS partition of a region: ARNs differ between them. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The function and time to triage. The region is the alarm's, else the first configured one; a
 * region the operator did not configure (AUDIT_REGIONS) is a problem to say in the thread, as
 * the slash command does. The time is the alarm's state change, else `fallback` (the message's).
 */
export function triageTarget(alarm: AlarmRef, regions: readonly string[], fallback: Date): Target {
  // A function ARN is the most exact address there is: its region wins over the alarm's.
  const region = (alarm.functionArn && parseArn(alarm.functionArn)?.region) || alarm.region || regions[0];
  if (!region) return { problem: 'the alarm names no region and AUDIT_REGIONS is empty' };
  if (regions.length > 0 && !regions.includes(region)) {
    return { problem: `region ${region} is not configured (AUDIT_REGIONS: ${regions.join(', ')})` };
  }
  const fn =
    alarm.functionArn ??
    (alarm.accountId
      ? `arn:${partitionOf(region)}:lambda:${region}:${alarm.accountId}:function:${alarm.functionName}`
      : alarm.functionName);
  const at = parseTime(alarm.time);
  return { ref: { function: fn, region }, alarmTime: at === null ? fallback : new Date(at) };
}

/** A Slack ts (`"1717423330.000100"`, epoch seconds) as a Date, or null. */
export function dateOfTs(ts: string | undefined): Date | null {
  const seconds = Number(ts);
  return ts && Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : null;
}
