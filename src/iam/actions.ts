/**
 * Action wildcards and `NotAction`, expanded against the catalog. Expansions are cached per
 * pattern for the life of the process: a scan meets the same few patterns (`s3:Get*`, `logs:*`,
 * `*`) on hundreds of roles, and expanding each once keeps a 500-function audit fast.
 */
import { type CatalogAction, lookupAction, serviceActions, serviceKeys } from './catalog.js';
import { globMatch } from './glob.js';

const expansions = new Map<string, readonly CatalogAction[]>();
let everything: readonly CatalogAction[] | undefined;

/** Every action in the catalog (loads every service once, ~100 ms). */
export function allActions(): readonly CatalogAction[] {
  everything ??= serviceKeys().flatMap((service) => serviceActions(service));
  return everything;
}

function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/**
 * The catalog actions one pattern names (`s3:get*`, `*`, `iam:passrole`; case-insensitive). An
 * exact name the catalog lacks still yields one (unknown) action, so explicit grants of new or
 * misspelt actions stay visible.
 */
export function expandActionPattern(pattern: string): readonly CatalogAction[] {
  const key = pattern.toLowerCase();
  const cached = expansions.get(key);
  if (cached) return cached;
  let result: readonly CatalogAction[];
  if (key === '*' || key === '*:*') {
    result = allActions();
  } else {
    const colon = key.indexOf(':');
    const service = colon < 0 ? key : key.slice(0, colon);
    const name = colon < 0 ? '' : key.slice(colon + 1);
    if (colon < 0) result = [];
    else if (hasWildcard(service)) {
      result = serviceKeys()
        .filter((s) => globMatch(service, s))
        .flatMap((s) => serviceActions(s).filter((a) => globMatch(name, a.name.toLowerCase())));
    } else if (hasWildcard(name)) {
      result = serviceActions(service).filter((a) => globMatch(name, a.name.toLowerCase()));
    } else {
      result = [lookupAction(key)];
    }
  }
  expansions.set(key, result);
  return result;
}

type Matcher = (action: CatalogAction) => boolean;
const matchers = new Map<string, Matcher>();

/** Compiles a lower-case pattern once: exact names and `service:*` avoid regular expressions. */
function matcher(pattern: string): Matcher {
  let m = matchers.get(pattern);
  if (!m) {
    const colon = pattern.indexOf(':');
    const service = pattern.slice(0, colon);
    const name = pattern.slice(colon + 1);
    if (pattern === '*' || pattern === '*:*') m = () => true;
    else if (!hasWildcard(pattern)) m = (a) => a.key === pattern;
    else if (name === '*' && !hasWildcard(service)) m = (a) => a.service === service;
    else m = (a) => globMatch(pattern, a.key);
    matchers.set(pattern, m);
  }
  return m;
}

/** Does one lower-case pattern match the action? */
export function patternMatches(pattern: string, action: CatalogAction): boolean {
  return matcher(pattern)(action);
}

/** Does an Action (or NotAction) list apply to the action? */
export function actionListMatches(
  patterns: readonly string[],
  notAction: boolean,
  action: CatalogAction,
): boolean {
  const hit = patterns.some((p) => patternMatches(p, action));
  return notAction ? !hit : hit;
}

/** The actions an Action/NotAction list applies to. NotAction is taken against the whole catalog. */
const listExpansions = new Map<string, readonly CatalogAction[]>();

export function expandActionList(patterns: readonly string[], notAction: boolean): readonly CatalogAction[] {
  if (!notAction && patterns.length === 1) return expandActionPattern(patterns[0]!);
  const key = `${notAction ? '!' : ''}${patterns.join(',')}`;
  let result = listExpansions.get(key);
  if (!result) {
    if (notAction) result = allActions().filter((a) => !patterns.some((p) => patternMatches(p, a)));
    else {
      const seen = new Set<CatalogAction>();
      for (const p of patterns) for (const a of expandActionPattern(p)) seen.add(a);
      result = [...seen];
    }
    // Lists repeat across roles (managed policies); the cap only bounds odd inputs.
    if (listExpansions.size > 5_000) listExpansions.clear();
    listExpansions.set(key, result);
  }
  return result;
}
