/**
 * Action wildcards and `NotAction`, expanded against the catalog. Expansions are cached per
 * pattern for the life of the process: a scan meets the same few patterns (`s3:Get*`, `logs:*`,
 * `*`) on hundreds of roles, and expanding each once keeps a 500-function audit fast.
 */
import {
  type AccessLevel,
  actionsAtLevels,
  actionsNamed,
  type CatalogAction,
  lookupAction,
  serviceActions,
  serviceKeys,
} from './catalog.js';
import { globMatch } from './glob.js';

const expansions = new Map<string, readonly CatalogAction[]>();
let everything: readonly CatalogAction[] | undefined;

/** Every action in the catalog (builds every entry: ask by service or level where you can). */
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
        .flatMap((s) => actionsNamed(s, (n) => globMatch(name, n)));
    } else if (hasWildcard(name)) {
      result = actionsNamed(service, (n) => globMatch(name, n));
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

/**
 * Does the list name actions across the catalog (`*`, `*:Get*`, any `NotAction`)? Such a list is
 * matched action by action, never expanded: expanding it builds most of the ~22,000 entries.
 */
export function isBroadList(patterns: readonly string[], notAction: boolean): boolean {
  return notAction || patterns.some((p) => hasWildcard(p.includes(':') ? p.slice(0, p.indexOf(':')) : p));
}

/** A question about many actions at once: the services and access levels it concerns. */
export interface ActionFilter {
  service?: (service: string) => boolean;
  levels?: readonly AccessLevel[];
}

function passes(filter: ActionFilter, action: CatalogAction): boolean {
  return (
    (!filter.service || filter.service(action.service)) &&
    (!filter.levels || filter.levels.includes(action.level))
  );
}

/** The services a broad list may name: all for NotAction, else those its prefixes match. */
export function servicesNamed(patterns: readonly string[], notAction: boolean): readonly string[] {
  if (notAction) return serviceKeys();
  const prefixes = patterns.map((p) => (p.includes(':') ? p.slice(0, p.indexOf(':')) : '*'));
  return serviceKeys().filter((s) => prefixes.some((prefix) => globMatch(prefix, s)));
}

/**
 * The actions of an Action/NotAction list that pass `filter`, in catalog order. A broad list is
 * answered from the catalog's names and levels: only the entries the filter selects are built.
 */
export function expandActionListWhere(
  patterns: readonly string[],
  notAction: boolean,
  filter: ActionFilter,
): readonly CatalogAction[] {
  if (!isBroadList(patterns, notAction)) {
    return expandActionList(patterns, notAction).filter((a) => passes(filter, a));
  }
  const out: CatalogAction[] = [];
  for (const service of servicesNamed(patterns, notAction)) {
    if (filter.service && !filter.service(service)) continue;
    const actions = filter.levels ? actionsAtLevels(service, filter.levels) : serviceActions(service);
    for (const a of actions) if (actionListMatches(patterns, notAction, a)) out.push(a);
  }
  return out;
}
