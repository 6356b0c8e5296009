import { unqualifiedFunctionArn } from '../../arn.js';
import { trailVerdict } from '../../monitoring/trails.js';
import type { Check } from '../check.js';

/**
 * Trips when no logging trail that covers the function's region records its `Invoke` data
 * events: a trail that is stopped, single-region elsewhere, or whose selectors name only other
 * functions (or exclude this one by ARN) does not count. A trail whose status or selectors could
 * not be read leaves the answer unknown: nothing is reported (the gap is in `unverified`).
 */
export const cloudtrailInvokeNotLogged: Check = {
  id: 'cloudtrail-invoke-not-logged',
  severity: 'low',
  categories: ['monitoring'],
  title: "No CloudTrail trail records the function's invocations",
  risk: 'Who invoked the function, and when, is not on record: an abuse of it cannot be investigated or attributed.',
  remediation:
    'Log Lambda data events on a multi-region trail: an advanced event selector with resources.type = AWS::Lambda::Function (optionally narrowed by resources.ARN), and keep the trail logging.',
  requires: ['trails'],
  actions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus'],
  run(snapshot) {
    // Data events name the unqualified function ARN.
    const arn = unqualifiedFunctionArn(snapshot.configuration.FunctionArn);
    const verdicts = (snapshot.trails ?? []).map((t) => ({
      trail: t.TrailARN || t.Name,
      why: trailVerdict(t, snapshot.region, arn),
    }));
    if (verdicts.some((v) => v.why === null || v.why === 'unknown')) return [];
    return [
      {
        detail:
          verdicts.length === 0
            ? `No trail covers ${snapshot.region}.`
            : `None of the ${verdicts.length} trail(s) in ${snapshot.region} records Invoke for this function.`,
        evidence: { trails: verdicts },
      },
    ];
  },
};
