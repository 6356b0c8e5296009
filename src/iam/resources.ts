/**
 * Where a statement's resources meet an action's resource types (checks.md, "Resolved details"):
 * per type and per ARN field. An Allow yields one target per resource type its patterns fit; a
 * Deny removes a target only where it covers it; `NotResource` leaves exactly what it does not name.
 */
import {
  type ArnPattern,
  intersects,
  matchesArn,
  meet,
  parseResource,
  subset,
  typeHere,
  typePattern,
} from './arn-pattern.js';
import type { CatalogAction, CatalogResourceType } from './catalog.js';

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

/** The part of one of the action's resource types that a grant names. */
export interface Target {
  /** Lower-case resource type; null for actions without types (the request's resource is `*`). */
  type: string | null;
  /** Every resource of the type. */
  whole: ArnPattern;
  /** The whole type for `NotResource`, else the Allow pattern narrowed to the type. */
  pattern: ArnPattern;
  /** What a `NotResource` Allow leaves out of the type. */
  except: readonly ArnPattern[];
  /** The Allow's pattern as written (the whole NotResource list for `NotResource`). */
  source: string;
}

interface TypeInfo {
  name: string;
  /** Every resource of the type in the role's partition (requests never name another). */
  pattern: ArnPattern;
  /** Partition and format: what fit results are cached by. */
  key: string;
}

/** A value per partition and catalog object, made once: the catalog's objects outlive any role. */
class PerPartition<K extends object, V> {
  private readonly byPartition = new Map<string, WeakMap<K, V>>();

  get(partition: string, key: K, make: () => V): V {
    let byKey = this.byPartition.get(partition);
    if (!byKey) {
      byKey = new WeakMap();
      this.byPartition.set(partition, byKey);
    }
    let value = byKey.get(key);
    if (value === undefined) {
      value = make();
      byKey.set(key, value);
    }
    return value;
  }
}

function typeInfo(name: string, arnFormat: string, partition: string): TypeInfo {
  const [, ...rest] = typePattern(arnFormat).fields;
  return {
    name,
    pattern: { text: arnFormat, fields: [partition, ...rest], variable: false },
    key: `${partition} ${arnFormat}`,
  };
}

/** Catalog entries share their resource-type objects: one TypeInfo per type and partition. */
const typeInfos = new PerPartition<CatalogResourceType, TypeInfo>();
const actionTypes = new PerPartition<CatalogAction, readonly TypeInfo[]>();

/** The action's resource types as patterns; an action the catalog lacks may take any resource. */
function typesOf(action: CatalogAction, partition: string): readonly TypeInfo[] {
  return actionTypes.get(partition, action, () =>
    action.known
      ? action.resourceTypes.map((t) =>
          typeInfos.get(partition, t, () => typeInfo(t.name.toLowerCase(), t.arn, partition)),
        )
      : [typeInfo('*', '*', partition)],
  );
}

/** (deny flag, pattern) -> does it name `*`: actions without resource types ask it in bulk. */
const starNames = new Map<string, boolean>();

/**
 * Does a written pattern name the `*` an action without resource types is requested on? Only a
 * pattern of stars with at most one `?` matches the one-character string `*`.
 */
function namesStar(text: string, deny: boolean): boolean {
  const key = `${deny ? '!' : ''}${text}`;
  let result = starNames.get(key);
  if (result === undefined) {
    const p = parseResource(text);
    const rest = text.replace(/\$\{[^}]*\}/g, '*').replaceAll('*', '');
    result = p !== null && !(deny && p.variable) && (rest === '' || rest === '?');
    // Patterns come from a bounded set of documents; the cap only guards odd inputs.
    if (starNames.size > 20_000) starNames.clear();
    starNames.set(key, result);
  }
  return result;
}

/** pattern -> type format -> fits; both sets are small, and bulk expansions ask millions of times. */
const fits = new Map<string, Map<string, boolean>>();

function fitsType(text: string, type: TypeInfo): boolean {
  let byType = fits.get(text);
  if (!byType) {
    if (fits.size > 20_000) fits.clear();
    byType = new Map();
    fits.set(text, byType);
  }
  let result = byType.get(type.key);
  if (result === undefined) {
    const p = parseResource(text);
    result = p !== null && intersects(p, type.pattern);
    byType.set(type.key, result);
  }
  return result;
}

/** Does a NotResource list leave some resource of the type? */
function leavesSome(patterns: readonly string[], type: TypeInfo): boolean {
  return !patterns.some((t) => {
    const p = parseResource(t);
    return p !== null && subset(type.pattern, p);
  });
}

/** Can the Allow's resources name anything the action acts on? (The fast question bulk callers ask.) */
export function scopeApplies(scope: ResourceScope, action: CatalogAction, partition: string): boolean {
  const types = typesOf(action, partition);
  if (types.length === 0) {
    const hit = scope.patterns.some((t) => namesStar(t, scope.not));
    return scope.not ? !hit : hit;
  }
  if (scope.not) return types.some((t) => leavesSome(scope.patterns, t));
  return scope.patterns.some((p) => types.some((t) => fitsType(p, t)));
}

const STAR = typePattern('*');

const scopeKeys = new WeakMap<ResourceScope, string>();

function keyOf(scope: ResourceScope): string {
  let key = scopeKeys.get(scope);
  if (key === undefined) {
    key = `${scope.not ? '!' : ''}${scope.patterns.join('\n')}`;
    scopeKeys.set(scope, key);
  }
  return key;
}

/** (type, scope) -> targets: the same few types and resource lists recur across thousands of actions. */
const typeTargets = new Map<string, Map<string, readonly Target[]>>();

function targetsOfType(scope: ResourceScope, type: TypeInfo): readonly Target[] {
  let byScope = typeTargets.get(type.key);
  if (!byScope) {
    byScope = new Map();
    typeTargets.set(type.key, byScope);
  }
  const key = keyOf(scope);
  let out = byScope.get(key);
  if (!out) {
    out = computeTargets(scope, type);
    // Bounded by the distinct resource lists in the policies read; the cap only guards odd inputs.
    if (byScope.size > 5_000) byScope.clear();
    byScope.set(key, out);
  }
  return out;
}

function computeTargets(scope: ResourceScope, type: TypeInfo): readonly Target[] {
  const whole = type.pattern;
  if (scope.not) {
    const except = scope.patterns
      .map(parseResource)
      .filter((p): p is ArnPattern => p !== null && intersects(p, whole));
    if (except.some((e) => subset(whole, e))) return [];
    return [{ type: type.name, whole, pattern: whole, except, source: scope.patterns.join(', ') }];
  }
  return scope.patterns
    .filter((text) => fitsType(text, type))
    .map((text) => ({
      type: type.name,
      whole,
      pattern: meet(parseResource(text)!, whole),
      except: [],
      source: text,
    }));
}

/** The target of an action without resource types: the request's `*`, if the resources name it. */
function starTarget(scope: ResourceScope): Target {
  return {
    type: null,
    whole: STAR,
    pattern: STAR,
    except: [],
    source: scope.not ? scope.patterns.join(', ') : (scope.patterns.find((t) => namesStar(t, false)) ?? '*'),
  };
}

/** The targets an Allow's resources give the action, in the role's partition. */
export function allowTargets(scope: ResourceScope, action: CatalogAction, partition: string): Target[] {
  const types = typesOf(action, partition);
  if (types.length === 0) return scopeApplies(scope, action, partition) ? [starTarget(scope)] : [];
  return types.flatMap((type) => targetsOfType(scope, type));
}

/** Does an unconditional Deny's resource list cover every resource of the target? */
export function denyCovers(deny: ResourceScope, target: Target): boolean {
  if (target.type === null) {
    const hit = deny.patterns.some((t) => namesStar(t, !deny.not));
    return deny.not ? !hit : hit;
  }
  const parsed = deny.patterns.map(parseResource).filter((p): p is ArnPattern => p !== null);
  if (deny.not) return !parsed.some((n) => intersects(n, target.pattern));
  return parsed.some((d) => subset(target.pattern, d));
}

/** "On *": the target covers every resource of its type in the role's account, any region. */
const coverage = new WeakMap<Target, Map<string, boolean>>();

export function targetCoversAll(target: Target, ctx: EngineContext): boolean {
  if (target.type === null) return true;
  let byContext = coverage.get(target);
  if (!byContext) {
    byContext = new Map();
    coverage.set(target, byContext);
  }
  const key = `${ctx.partition}:${ctx.accountId}`;
  let result = byContext.get(key);
  if (result === undefined) {
    const all = typeHere(target.whole, ctx);
    result = subset(all, target.pattern) && !target.except.some((e) => subset(all, e));
    byContext.set(key, result);
  }
  return result;
}

/** Does the target include this concrete ARN? */
export function targetMatches(target: Target, arn: string): boolean {
  if (target.type === null) return arn === '*';
  return matchesArn(target.pattern, arn) && !target.except.some((e) => !e.variable && matchesArn(e, arn));
}

/**
 * Does a statement's resource list name this concrete ARN? For a Deny a variable names nothing
 * surely (one unknown value); for an Allow it may be the value.
 */
export function scopeMatchesArn(scope: ResourceScope, arn: string, deny: boolean): boolean {
  const hit = scope.patterns.some((t) => {
    const p = parseResource(t);
    return p !== null && !(deny && p.variable) && (arn === '*' ? namesStar(t, deny) : matchesArn(p, arn));
  });
  return scope.not ? !hit : hit;
}

/** Does the scope surely include this ARN (or every ARN of this pattern)? Never true by mistake. */
export function scopeCovers(scope: ResourceScope, resource: string): boolean {
  const r = parseResource(resource);
  if (r === null) return false;
  const parsed = scope.patterns.map(parseResource).filter((p): p is ArnPattern => p !== null);
  if (scope.not) return !parsed.some((n) => intersects(n, r));
  return parsed.some((p) => subset(r, p));
}
