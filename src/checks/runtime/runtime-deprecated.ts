import type { Check } from '../check.js';
import { hasReached, managedRuntimeOf, runtimeSchedule } from './runtime-dates.js';

/**
 * Trips on a zip function whose managed runtime is past its deprecation date, e.g.
 * `Runtime: "nodejs18.x"` after 2025-09-01; high once the block-update date has passed too
 * (`python3.8` after 2027-03-03). Container images and unknown runtime ids yield nothing.
 */
export const runtimeDeprecated: Check = {
  id: 'runtime-deprecated',
  severity: 'medium',
  categories: ['runtime'],
  title: 'Function runs on a deprecated Lambda runtime',
  risk: 'A deprecated runtime gets no security patches and no AWS support; once updates are blocked, even an urgent fix cannot be deployed without a runtime migration.',
  remediation: 'Move the function to the successor runtime, test it, and redeploy.',
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  run(snapshot, context) {
    const managed = managedRuntimeOf(snapshot.configuration);
    if (!managed || !hasReached(managed.dates.deprecated, context.now)) return [];
    const { runtime: Runtime, dates } = managed;
    const blocked = hasReached(dates.blockUpdate, context.now);
    const successor = dates.successor ? ` Move to ${dates.successor}.` : '';
    return [
      {
        ...(blocked ? { severity: 'high' as const } : {}),
        detail: blocked
          ? `${Runtime} was deprecated on ${dates.deprecated} and updates are blocked since ${dates.blockUpdate}: the function can no longer be patched.${successor}`
          : `${Runtime} was deprecated on ${dates.deprecated}${
              dates.blockUpdate ? `; updates are blocked from ${dates.blockUpdate}` : ''
            }.${successor}`,
        evidence: { runtime: Runtime, ...dates, datesTakenOn: runtimeSchedule.takenOn },
      },
    ];
  },
};
