/**
 * `iam:PassRole` conditioned on `iam:PassedToService` passes roles only to the services named
 * (checks.md). `...IfExists` never restricts; `StringNotEquals`/`StringNotLike` exclude services.
 */
import { globMatch } from './glob.js';
import type { NormalCondition } from './normalise.js';

export type PassTarget =
  | { kind: 'any' }
  | { kind: 'only'; services: readonly string[] }
  | { kind: 'except'; services: readonly string[] };

const KEY = 'iam:passedtoservice';
const ONLY = new Set(['stringequals', 'stringequalsignorecase', 'stringlike']);
const EXCEPT = new Set(['stringnotequals', 'stringnotequalsignorecase', 'stringnotlike']);

/** The services a PassRole grant with these conditions may pass to. */
export function passTarget(conditions: readonly NormalCondition[]): PassTarget {
  const relevant = conditions.filter((c) => c.key === KEY && !c.ifExists);
  const only = relevant.find((c) => ONLY.has(c.operator));
  if (only) return { kind: 'only', services: only.values.map((v) => v.toLowerCase()) };
  const except = relevant.filter((c) => EXCEPT.has(c.operator)).flatMap((c) => c.values);
  if (except.length > 0) return { kind: 'except', services: except.map((v) => v.toLowerCase()) };
  return { kind: 'any' };
}

/** May a grant with this target pass a role to `service` (e.g. `lambda.amazonaws.com`)? */
export function passesTo(target: PassTarget, service: string): boolean {
  if (target.kind === 'any') return true;
  const hit = target.services.some((s) => globMatch(s, service.toLowerCase()));
  return target.kind === 'only' ? hit : !hit;
}

/** Short text for evidence: "any service", "only lambda.amazonaws.com", "all but ec2.amazonaws.com". */
export function describePassTarget(target: PassTarget): string {
  if (target.kind === 'any') return 'any service';
  return `${target.kind === 'only' ? 'only' : 'all but'} ${target.services.join(', ')}`;
}
