/**
 * Which whole services an identity policy set names in its Action elements (`s3:*`, `*`, or a
 * `NotAction` that leaves a service untouched), whatever the resources and Denies
 * (checks.md: `role-service-wildcard` is about the Action element), and which services a Deny
 * removes whole (`role-admin` judges effective permissions).
 */
import { actionListMatches, expandActionList } from './actions.js';
import { serviceActions, serviceKeys } from './catalog.js';
import { globMatch } from './glob.js';
import type { NormalStatement, StatementRef } from './normalise.js';
import type { Permissions } from './permissions.js';

export interface WholeServiceGrants {
  /** An Allow names `*` (or `*:*`). */
  everything: boolean;
  services: string[];
  statements: StatementRef[];
}

const notActionWhole = new Map<string, string[]>();

/**
 * The services a NotAction list leaves whole: every one of their actions escapes the list. A
 * service no pattern's prefix names escapes without reading its actions (PowerUserAccess names
 * three services of ~450). Cached per list: the same managed policies recur on many roles.
 */
function wholeUnderNotAction(patterns: readonly string[]): string[] {
  const key = patterns.join(',');
  let whole = notActionWhole.get(key);
  if (!whole) {
    const prefixes = patterns.map((p) => (p === '*' ? '*' : (p.split(':', 1)[0] ?? '')));
    whole = serviceKeys().filter(
      (s) =>
        !prefixes.some((prefix) => globMatch(prefix, s)) ||
        serviceActions(s).every((a) => actionListMatches(patterns, true, a)),
    );
    notActionWhole.set(key, whole);
  }
  return whole;
}

function servicesOf(statement: NormalStatement): string[] {
  if (statement.notAction) return wholeUnderNotAction(statement.actions);
  const out: string[] = [];
  for (const pattern of statement.actions) {
    if (pattern === '*' || pattern === '*:*') return [...serviceKeys()];
    const [service = '', name = ''] = pattern.split(':', 2);
    if (name === '*')
      out.push(
        ...serviceKeys().filter((s) => globMatch(service, s)),
        ...(service.includes('*') ? [] : [service]),
      );
  }
  return [...new Set(out)];
}

/** Whole services named by the Action elements of the Allow statements (Deny and resources aside). */
export function wholeServiceGrants(perms: Permissions): WholeServiceGrants {
  return perms.derive('whole-services', () => compute(perms.statements));
}

function compute(statements: readonly NormalStatement[]): WholeServiceGrants {
  const services = new Set<string>();
  const refs: StatementRef[] = [];
  let everything = false;
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    if (!s.notAction && s.actions.some((p) => p === '*' || p === '*:*')) everything = true;
    const whole = servicesOf(s);
    for (const service of whole) services.add(service);
    if (whole.length > 0) refs.push(s.ref);
  }
  return { everything, services: [...services].sort(), statements: refs };
}

/** Services every one of whose actions an unconditional Deny removes: `s3:*` denied on `*`. */
export function servicesDeniedWhole(perms: Permissions): string[] {
  return perms.derive('services-denied-whole', () => {
    const touched = new Set<string>();
    for (const d of perms.statements) {
      if (d.effect !== 'Deny' || d.conditions.length > 0) continue;
      for (const a of expandActionList(d.actions, d.notAction)) touched.add(a.service);
    }
    return [...touched].filter((s) => !serviceActions(s).some((a) => perms.isAllowed(a))).sort();
  });
}
