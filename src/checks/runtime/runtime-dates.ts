import raw from '../../../data/runtimes.json' with { type: 'json' };
import type { FunctionConfiguration } from '../../model.js';

/**
 * Lambda's managed-runtime deprecation schedule, from `data/runtimes.json` (shipped in the npm
 * package; see scripts/refresh-runtimes.md for how to refresh it). Dates are `YYYY-MM-DD`; `null` means not
 * announced or not confirmed, and never escalates a finding.
 */
export interface RuntimeDates {
  deprecated: string | null;
  blockCreate: string | null;
  blockUpdate: string | null;
  successor: string | null;
}

export interface RuntimeSchedule {
  source: string;
  takenOn: string;
  runtimes: ReadonlyMap<string, RuntimeDates>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateOrNull(value: unknown, where: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw new Error(`data/runtimes.json: ${where} must be YYYY-MM-DD or null, got ${JSON.stringify(value)}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`data/runtimes.json: ${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

/** Validates the JSON once, so a bad refresh fails loudly at start-up instead of mid-audit. */
export function parseRuntimeSchedule(data: unknown): RuntimeSchedule {
  const top = record(data, 'the file');
  const { source, takenOn } = top;
  if (typeof source !== 'string') throw new Error('data/runtimes.json: source must be a URL');
  const taken = dateOrNull(takenOn, 'takenOn');
  if (taken === null) throw new Error('data/runtimes.json: takenOn is required');
  const runtimes = new Map<string, RuntimeDates>();
  for (const [id, entry] of Object.entries(record(top.runtimes, 'runtimes'))) {
    const fields = record(entry, id);
    const successor = fields.successor ?? null;
    if (successor !== null && typeof successor !== 'string') {
      throw new Error(`data/runtimes.json: ${id}.successor must be a runtime id or null`);
    }
    runtimes.set(id, {
      deprecated: dateOrNull(fields.deprecated, `${id}.deprecated`),
      blockCreate: dateOrNull(fields.blockCreate, `${id}.blockCreate`),
      blockUpdate: dateOrNull(fields.blockUpdate, `${id}.blockUpdate`),
      successor,
    });
  }
  return { source, takenOn: taken, runtimes };
}

export const runtimeSchedule: RuntimeSchedule = parseRuntimeSchedule(raw);

/**
 * The managed runtime a function runs on and its dates; null for a container image (it brings
 * its own runtime), no runtime, or a runtime id the schedule does not know.
 */
export function managedRuntimeOf(
  configuration: Pick<FunctionConfiguration, 'Runtime' | 'PackageType'>,
): { runtime: string; dates: RuntimeDates } | null {
  const { Runtime, PackageType } = configuration;
  if (PackageType === 'Image' || !Runtime) return null;
  const dates = runtimeSchedule.runtimes.get(Runtime);
  return dates ? { runtime: Runtime, dates } : null;
}

const DAY_MS = 86_400_000;

/** Today's date (UTC) as `YYYY-MM-DD`. */
function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A phase applies from its date on: `today >= date`. */
export function hasReached(date: string | null, now: Date): boolean {
  return date !== null && today(now) >= date;
}

/** Whole days from today (UTC) to `date`; negative once it has passed. */
export function daysUntil(date: string, now: Date): number {
  return Math.round((Date.parse(date) - Date.parse(today(now))) / DAY_MS);
}
