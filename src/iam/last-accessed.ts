/**
 * IAM's service-last-accessed data read against a window ("unused for 90 days"). A service IAM
 * reports without `TrackedActionsLastAccessed` has no action-level tracking: only the service
 * as a whole is known to be used. Actions of a tracked service that IAM does not list are
 * untracked too: we cannot tell whether they were used.
 */
import type { ServiceLastAccessedDetails } from '../model.js';

export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export interface ActionUsage {
  /** ISO date, or null when IAM saw no use in its tracking period. */
  lastUsed: string | null;
  usedInWindow: boolean;
}

export interface ServiceUsage {
  service: string;
  name: string;
  lastUsed: string | null;
  usedInWindow: boolean;
  /** Lower-case action names IAM tracks for this service, with their use. Null: not tracked. */
  actions: Map<string, ActionUsage> | null;
}

function inWindow(date: string | undefined, now: Date, windowDays: number): boolean {
  if (!date) return false;
  const t = Date.parse(date);
  return Number.isFinite(t) && now.getTime() - t <= windowDays * DAY_MS;
}

/** Per service prefix (lower case): when it and its tracked actions were last used. */
export function usageByService(
  details: ServiceLastAccessedDetails,
  now: Date,
  windowDays = DEFAULT_WINDOW_DAYS,
): Map<string, ServiceUsage> {
  const out = new Map<string, ServiceUsage>();
  for (const s of details.ServicesLastAccessed) {
    const service = s.ServiceNamespace.toLowerCase();
    let actions: Map<string, ActionUsage> | null = null;
    if (s.TrackedActionsLastAccessed) {
      actions = new Map();
      for (const a of s.TrackedActionsLastAccessed) {
        // IAM reports bare names (`GetObject`); tolerate a `s3:` prefix.
        const name = a.ActionName.slice(a.ActionName.indexOf(':') + 1).toLowerCase();
        actions.set(name, {
          lastUsed: a.LastAccessedTime ?? null,
          usedInWindow: inWindow(a.LastAccessedTime, now, windowDays),
        });
      }
    }
    out.set(service, {
      service,
      name: s.ServiceName,
      lastUsed: s.LastAuthenticated ?? null,
      usedInWindow: inWindow(s.LastAuthenticated, now, windowDays),
      actions,
    });
  }
  return out;
}

/** Was the role created less than `windowDays` ago (too young to judge disuse)? */
export function youngerThanWindow(createDate: string, now: Date, windowDays = DEFAULT_WINDOW_DAYS): boolean {
  return inWindow(createDate, now, windowDays);
}
