/** Times and durations as a person on call reads them: in UTC, rounded, in words. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "less than a minute", "12 minutes", "2 hours 5 minutes", "30 hours", "12 days". */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return plural(Math.floor(abs / MINUTE), 'minute');
  if (abs < 2 * DAY) {
    const hours = Math.floor(abs / HOUR);
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    // Minutes matter for a change an hour or two before an alarm; past six hours they are noise.
    return hours < 6 && minutes > 0
      ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`
      : plural(hours, 'hour');
  }
  return plural(Math.floor(abs / DAY), 'day');
}

/** "14:02 UTC" on the same UTC day as `now`, else "2024-06-03 14:02 UTC". */
export function clock(ms: number, now: Date): string {
  const iso = new Date(ms).toISOString();
  const sameDay = iso.slice(0, 10) === now.toISOString().slice(0, 10);
  return `${sameDay ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`} UTC`;
}

/** "13:47–14:07 UTC" for a window within one day. */
export function span(startMs: number, endMs: number, now: Date): string {
  const start = clock(startMs, now).replace(/ UTC$/, '');
  const end = new Date(endMs).toISOString().slice(11, 16);
  return new Date(startMs).toISOString().slice(0, 10) === new Date(endMs).toISOString().slice(0, 10)
    ? `${start}–${end} UTC`
    : `${start}–${clock(endMs, now)}`;
}

/** Epoch milliseconds of an ISO or CloudWatch (`+0000`) timestamp, or null. */
export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : null;
}

export const RECENT_CHANGE_MS = DAY;
