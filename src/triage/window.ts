/**
 * The error logs around an alarm: one FilterLogEvents search (searchRecentErrors, the same one
 * audits use) over a window from shortly before the alarm to shortly after, so the counts of
 * errors, timeouts, out-of-memory kills and throttles and the redacted sample lines all describe
 * the same minutes the alarm looked at.
 */
import type { AwsClients } from '../aws/clients.js';
import { searchRecentErrors } from '../collect/logs.js';
import type { LogSearch, Unverified } from '../model.js';

const MINUTE = 60_000;
/** Alarms evaluate one to a few periods back; 15 minutes covers the datapoints that tripped it. */
export const DEFAULT_BEFORE_MS = 15 * MINUTE;
/** Log delivery lags the metric by seconds to minutes; a little after catches the same failures. */
export const DEFAULT_AFTER_MS = 5 * MINUTE;

export interface TimeWindow {
  /** Epoch milliseconds, inclusive, as FilterLogEvents takes them. */
  startTime: number;
  endTime: number;
}

/** [alarmTime - before, alarmTime + after] in epoch milliseconds. */
export function triageWindow(
  alarmTime: Date,
  before: number = DEFAULT_BEFORE_MS,
  after: number = DEFAULT_AFTER_MS,
): TimeWindow {
  const at = alarmTime.getTime();
  if (!Number.isFinite(at)) throw new RangeError('triageWindow: the alarm time is not a valid date');
  if (!(before >= 0 && after >= 0 && Number.isFinite(before) && Number.isFinite(after))) {
    throw new RangeError('triageWindow: before and after must be finite, non-negative milliseconds');
  }
  return { startTime: at - before, endTime: at + after };
}

/**
 * Searches a function's log group over the window around the alarm. A read that fails becomes an
 * entry in `gaps` and null (the reply then says the logs could not be read); a missing log group
 * is an empty search, as in an audit.
 */
export async function searchAlarmWindow(
  clients: AwsClients,
  logGroupName: string,
  alarmTime: Date,
  gaps: Unverified[],
  window: TimeWindow = triageWindow(alarmTime),
): Promise<LogSearch | null> {
  return searchRecentErrors(clients, logGroupName, window.startTime, window.endTime, gaps);
}
