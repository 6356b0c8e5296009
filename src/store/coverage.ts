/**
 * Whether a scan saw enough of a function to say one of its findings is gone. A GetPolicy that
 * answered AccessDenied must not turn "public invoke" into "fixed": the check did not run, so
 * its silence means nothing.
 */
import type { Check } from '../checks/check.js';
import { checks as registry } from '../checks/index.js';
import type { SnapshotField, Unverified } from '../model.js';

/** The `area` collect records for a gap in each snapshot field (see src/collect). */
const FIELD_AREAS: Record<SnapshotField, readonly string[]> = {
  configuration: ['configuration'],
  tags: ['hygiene'],
  concurrency: ['configuration', 'resilience'],
  policies: ['triggers'],
  urlConfigs: ['url'],
  eventSourceMappings: ['triggers'],
  eventInvokeConfigs: ['resilience'],
  codeSigning: ['supply-chain'],
  logGroup: ['logs'],
  recentErrors: ['logs'],
  role: ['role'],
  alarms: ['monitoring'],
  trails: ['cloudtrail'],
  subnets: ['network'],
  securityGroups: ['network'],
};

/**
 * Builds the `covers` rule from a check registry: a check is covered unless a gap names one of
 * its AWS actions or one of the areas its data comes from. A check the registry does not know
 * is covered only by a function read without any gap.
 */
export function coverageFor(
  checks: readonly Check[],
): (check: string, gaps: readonly Unverified[]) => boolean {
  const byId = new Map(checks.map((c) => [c.id, c]));
  return (checkId, gaps) => {
    if (gaps.length === 0) return true;
    const check = byId.get(checkId);
    if (!check) return false;
    const areas = new Set(check.requires.flatMap((field) => FIELD_AREAS[field]));
    return !gaps.some((gap) => check.actions.includes(gap.api) || areas.has(gap.area));
  };
}

/** The default rule, over every registered check. */
export const defaultCoverage = coverageFor(registry);
