import cron from 'node-cron';
import { ConfigError } from '../errors.js';

/**
 * The key of the schedule slot a run belongs to: its time cut to the cron's granularity (the
 * minute, or the second for a six-field expression), in UTC. node-cron fires a few milliseconds
 * late; cutting makes every replica and every restart within the slot agree on the key.
 */
export function slotKey(at: Date, expression = '* * * * *'): string {
  const unit = expression.trim().split(/\s+/).length >= 6 ? 1000 : 60_000;
  return new Date(Math.floor(at.getTime() / unit) * unit).toISOString();
}

/** Throws ConfigError naming DIGEST_CRON or DIGEST_TZ when either is unusable. */
export function checkSchedule(expression: string, timezone: string): void {
  if (!cron.validate(expression)) {
    throw new ConfigError(`DIGEST_CRON: '${expression}' is not a cron expression (e.g. '0 9 * * *')`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ConfigError(`DIGEST_TZ: '${timezone}' is not an IANA time zone (e.g. 'Europe/Berlin')`);
  }
}
