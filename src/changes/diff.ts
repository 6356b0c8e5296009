/**
 * What a re-audit changed about one function, compared with the store: findings that opened,
 * findings that closed, and its exposure before and after. Pure. A finding missing from the new
 * report counts as closed only when the audit could see what its check needs (the store's
 * coverage rule): a denied read is not a fix.
 */
import type { AuditReport, Exposure, Finding, FunctionIdentity, Severity, Unverified } from '../model.js';
import { severityRank } from '../model.js';
import type { FindingRecord } from '../store/store.js';
import type { ChangeEvent } from './event.js';

/** The event as an alert names it. */
export interface EventSummary {
  id: string;
  name: string;
  time: string;
  actor: string;
  sourceIp: string | null;
}

/** A finding that closed, as the store remembers it. */
export interface ClosedFinding {
  fingerprint: string;
  check: string;
  severity: Severity;
  title: string;
  resource: string;
}

export interface ExposureChange {
  function: FunctionIdentity;
  /** The events that led to the re-audit, oldest first. */
  events: EventSummary[];
  /** New findings at or above the alert threshold, riskiest first. */
  opened: Finding[];
  /** Findings at or above the threshold that this audit no longer reports. */
  closed: ClosedFinding[];
  /** `before` is null when unknown (the store keeps findings, not exposure). */
  exposure: { before: Exposure | null; after: Exposure };
}

export function summarise(event: ChangeEvent): EventSummary {
  return { id: event.id, name: event.name, time: event.time, actor: event.actor, sourceIp: event.sourceIp };
}

const atLeast = (min: Severity) => (f: { severity: Severity }) =>
  severityRank(f.severity) >= severityRank(min);
const riskiestFirst = (a: { severity: Severity }, b: { severity: Severity }) =>
  severityRank(b.severity) - severityRank(a.severity);

/** The store's findings for one function that are not fixed (open, snoozed or accepted). */
export function storedFor(records: readonly FindingRecord[], functionArn: string): FindingRecord[] {
  return records.filter((r) => r.state !== 'fixed' && r.functions.some((f) => f.functionArn === functionArn));
}

/**
 * The change a report makes against the stored findings of its function, or null when nothing
 * at or above `minSeverity` opened or closed and the exposure did not change (as far as known).
 */
export function exposureChange(
  stored: readonly FindingRecord[],
  report: AuditReport,
  events: readonly EventSummary[],
  options: {
    minSeverity: Severity;
    covers: (check: string, gaps: readonly Unverified[]) => boolean;
    /** The function's exposure at its previous audit, when known. */
    exposureBefore: Exposure | null;
  },
): ExposureChange | null {
  const before = new Set(stored.map((r) => r.fingerprint));
  const now = new Set(report.findings.map((f) => f.fingerprint));
  const opened = report.findings.filter((f) => !before.has(f.fingerprint));
  const closed = stored.filter((r) => !now.has(r.fingerprint) && options.covers(r.check, report.unverified));
  const exposure = { before: options.exposureBefore, after: report.exposure };
  const keep = atLeast(options.minSeverity);
  const change: ExposureChange = {
    function: report.function,
    events: [...events].sort((a, b) => a.time.localeCompare(b.time)),
    opened: opened.filter(keep).sort(riskiestFirst),
    closed: closed
      .filter(keep)
      .sort(riskiestFirst)
      .map((r) => ({
        fingerprint: r.fingerprint,
        check: r.check,
        severity: r.severity,
        title: r.title,
        resource: r.resource,
      })),
    exposure,
  };
  const exposureChanged = exposure.before !== null && exposure.before !== exposure.after;
  return change.opened.length > 0 || change.closed.length > 0 || exposureChanged ? change : null;
}
