/**
 * The minutes around an alarm whose error logs its reply shows: from shortly before the alarm to
 * shortly after, so the counts of errors, timeouts, out-of-memory kills and throttles and the
 * redacted sample lines all describe the minutes the alarm looked at. The engine searches them
 * (collect's searchRecentErrors, the same search audits use); this module only does the arithmetic.
 */

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
