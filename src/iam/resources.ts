/**
 * Resource coverage against the catalog's ARN formats (checks.md, "Resolved details"): whether a
 * Resource pattern can apply to an action at all, and whether it covers every resource of the
 * action's type ("on *").
 */
import type { CatalogAction } from './catalog.js';
import { globIntersects, globMatch, globSubset } from './glob.js';

/** Who the analysis is for: the role's partition and account fix those ARN fields. */
export interface EngineContext {
  partition: string;
  accountId: string;
}

/** A statement's resources after normalisation: patterns, or every resource but these. */
export interface ResourceScope {
  not: boolean;
  patterns: readonly string[];
}

const anyTemplates = new Map<string, string>();

/** `arn:${Partition}:s3:::${BucketName}` -> `arn:*:s3:::*`: every ARN of the type, in any account. */
function anyOfType(arnFormat: string): string {
  let glob = anyTemplates.get(arnFormat);
  if (glob === undefined) {
    glob = arnFormat.replace(/\$\{[^}]*\}/g, '*');
    anyTemplates.set(arnFormat, glob);
  }
  return glob;
}

/** Every ARN of the type in the role's own account and partition, any region. */
function allOfTypeHere(arnFormat: string, ctx: EngineContext): string {
  return arnFormat
    .replace(/\$\{Partition\}/g, ctx.partition)
    .replace(/\$\{Account\}/g, ctx.accountId)
    .replace(/\$\{[^}]*\}/g, '*');
}

/**
 * Can the pattern name a resource of the action? Actions without resource types only take
 * `Resource: "*"`; a grant on an ARN of another type grants nothing. Unknown actions get the
 * benefit of the doubt. (Type formats are wildcarded whole, so `*` in them spans `/`: an
 * object pattern counts as applying to bucket actions. That errs towards reporting.)
 */
export function patternApplies(pattern: string, action: CatalogAction): boolean {
  if (pattern === '*') return true;
  if (!action.known) return true;
  if (action.resourceTypes.length === 0) return globMatch(pattern, '*');
  return action.resourceTypes.some((t) => patternFitsType(pattern, t.arn));
}

/** pattern -> ARN format -> fits; both sets are small, and bulk expansions ask millions of times. */
const fits = new Map<string, Map<string, boolean>>();

function patternFitsType(pattern: string, arnFormat: string): boolean {
  let byFormat = fits.get(pattern);
  if (!byFormat) {
    if (fits.size > 20_000) fits.clear();
    byFormat = new Map();
    fits.set(pattern, byFormat);
  }
  let result = byFormat.get(arnFormat);
  if (result === undefined) {
    // Compare the service field first: a trailing `*` could otherwise "reach" any service's ARN.
    const service = pattern.split(':')[2];
    const typeService = arnFormat.split(':')[2];
    result =
      (service === undefined || typeService === undefined || globMatch(service, typeService)) &&
      globIntersects(pattern, anyOfType(arnFormat));
    byFormat.set(arnFormat, result);
  }
  return result;
}

/** Is every pattern of the scope only made of stars (`*`, `**`)? */
function isStar(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

/**
 * "On *": the pattern covers every resource of at least one of the action's types in the role's
 * account (`*`, `arn:aws:s3:::*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::<account>:policy/*`,
 * `arn:aws:lambda:*:*:function:*`, `arn:aws:logs:*:*:*`). Region-pinned patterns are scoped.
 */
export function patternCoversAll(pattern: string, action: CatalogAction, ctx: EngineContext): boolean {
  if (isStar(pattern)) return true;
  if (!action.known || action.resourceTypes.length === 0) return false;
  return action.resourceTypes.some((t) => globSubset(allOfTypeHere(t.arn, ctx), pattern));
}

/** "On *" for a scope; `NotResource` always counts as unrestricted (checks.md). */
export function scopeCoversAll(scope: ResourceScope, action: CatalogAction, ctx: EngineContext): boolean {
  return scope.not || scope.patterns.some((p) => patternCoversAll(p, action, ctx));
}

/** Does the scope include this concrete ARN (or sub-pattern)? */
export function scopeCovers(scope: ResourceScope, resource: string): boolean {
  if (scope.not) return !scope.patterns.some((p) => globIntersects(p, resource));
  return scope.patterns.some((p) => globSubset(resource, p));
}
