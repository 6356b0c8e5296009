import type { Check } from '../check.js';
import { daysUntil, managedRuntimeOf, runtimeSchedule } from './runtime-dates.js';

/**
 * Trips on a zip function whose managed runtime is deprecated within the next
 * `runtimeSoonDays` (default 180), e.g. `Runtime: "python3.10"` (deprecated 2026-10-31) audited
 * on 2026-06-01. Container images and unknown runtime ids yield nothing.
 */
export const runtimeDeprecationSoon: Check = {
  id: 'runtime-deprecation-soon',
  severity: 'low',
  categories: ['runtime'],
  title: 'Function runtime will be deprecated soon',
  risk: 'After the deprecation date the runtime stops receiving security patches, and later the function can no longer be updated.',
  remediation: 'Plan the move to the successor runtime before the deprecation date.',
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  run(snapshot, context) {
    const managed = managedRuntimeOf(snapshot.configuration);
    const deprecated = managed?.dates.deprecated;
    if (!managed || !deprecated) return [];
    const { runtime: Runtime, dates } = managed;
    const days = daysUntil(deprecated, context.now);
    if (days <= 0 || days > context.runtimeSoonDays) return [];
    return [
      {
        detail: `${Runtime} is deprecated on ${dates.deprecated}, in ${days} day${days === 1 ? '' : 's'}.${
          dates.successor ? ` Move to ${dates.successor}.` : ''
        }`,
        evidence: { runtime: Runtime, ...dates, daysLeft: days, datesTakenOn: runtimeSchedule.takenOn },
      },
    ];
  },
};
