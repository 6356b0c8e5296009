/**
 * Conditions a Lambda execution-role session can never meet (checks.md, "Conditions"). Lambda
 * assumes the role without MFA: `aws:MultiFactorAuthPresent` is false (present, so `...IfExists`
 * does not help) and `aws:MultiFactorAuthAge` is absent. Every other condition may hold.
 */
import type { NormalCondition } from './normalise.js';

function neverMet(c: NormalCondition): boolean {
  if (c.key === 'aws:multifactorauthpresent') {
    return c.operator === 'bool' && c.values.every((v) => v.toLowerCase() === 'true');
  }
  // Absent key: every operator but Null fails, unless `...IfExists` makes absence a match.
  if (c.key === 'aws:multifactorauthage') {
    if (c.operator === 'null') return c.values.every((v) => v.toLowerCase() === 'false');
    return !c.ifExists;
  }
  return false;
}

/** True when an Allow under these conditions grants nothing to a Lambda session. */
export function neverHoldsForLambda(conditions: readonly NormalCondition[]): boolean {
  return conditions.some(neverMet);
}
