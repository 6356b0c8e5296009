/**
 * Whether a CloudTrail trail records a function's `Invoke` data events, as checks.md reads it:
 * the trail is logging, covers the function's region (multi-region, or homed there), and its
 * selectors include the function: a classic `DataResources` entry of type
 * `AWS::Lambda::Function` naming the function's ARN or `arn:aws:lambda` (all functions), or an
 * advanced selector on `resources.type` = `AWS::Lambda::Function` whose `resources.ARN`
 * conditions do not exclude it.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, Trail } from '../model.js';

const LAMBDA_TYPE = 'AWS::Lambda::Function';

export function trailCoversRegion(trail: Trail, region: string): boolean {
  return trail.IsMultiRegionTrail || trail.HomeRegion === region;
}

/** An ARN field selector leaves the function out (checks.md, "Resolved details"). */
export function arnSelectorExcludes(selector: AdvancedFieldSelector, arn: string): boolean {
  if ((selector.NotEquals ?? []).includes(arn)) return true;
  if ((selector.NotStartsWith ?? []).some((v) => arn.startsWith(v))) return true;
  if ((selector.NotEndsWith ?? []).some((v) => arn.endsWith(v))) return true;
  const positive = [...(selector.Equals ?? []), ...(selector.StartsWith ?? []), ...(selector.EndsWith ?? [])];
  if (positive.length === 0) return false;
  const matched =
    (selector.Equals ?? []).includes(arn) ||
    (selector.StartsWith ?? []).some((v) => arn.startsWith(v)) ||
    (selector.EndsWith ?? []).some((v) => arn.endsWith(v));
  return !matched;
}

function advancedLogs(selector: AdvancedEventSelector, arn: string): boolean {
  const fields = selector.FieldSelectors;
  const lambda = fields.some((f) => f.Field === 'resources.type' && (f.Equals ?? []).includes(LAMBDA_TYPE));
  return lambda && !fields.some((f) => f.Field === 'resources.ARN' && arnSelectorExcludes(f, arn));
}

/** The trail's selectors record Invoke for the function (its unqualified ARN). */
export function selectorsLogInvoke(selectors: NonNullable<Trail['selectors']>, arn: string): boolean {
  const classic = (selectors.EventSelectors ?? []).some((s) =>
    (s.DataResources ?? []).some(
      (r) => r.Type === LAMBDA_TYPE && (r.Values ?? []).some((v) => v === arn || v === 'arn:aws:lambda'),
    ),
  );
  return classic || (selectors.AdvancedEventSelectors ?? []).some((s) => advancedLogs(s, arn));
}

/** Why a trail does not record the function's invocations; null when it does, 'unknown' when unread. */
export function trailVerdict(trail: Trail, region: string, arn: string): string | null {
  if (!trailCoversRegion(trail, region)) return `single-region trail in ${trail.HomeRegion}`;
  if (trail.IsLogging === false) return 'not logging';
  if (trail.selectors && !selectorsLogInvoke(trail.selectors, arn))
    return 'no Lambda data events for this function';
  if (trail.IsLogging === null || trail.selectors === null) return 'unknown';
  return null;
}
