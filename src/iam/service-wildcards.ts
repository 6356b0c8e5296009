/**
 * Which whole services an identity policy set grants (`s3:*`, `*`, or a `NotAction` that leaves a
 * service untouched), after Deny: a service stays "whole" only while every one of its actions is
 * still allowed somewhere.
 */
import { actionListMatches, allActions } from './actions.js';
import { serviceActions, serviceKeys } from './catalog.js';
import { globMatch } from './glob.js';
import type { NormalStatement, StatementRef } from './normalise.js';
import type { Permissions } from './permissions.js';

export interface WholeServiceGrants {
  /** `*` (or `*:*`) is granted and no Deny takes anything away. */
  everything: boolean;
  services: string[];
  statements: StatementRef[];
}

function servicesOf(statement: NormalStatement): string[] {
  if (statement.notAction) {
    const hit = new Set(
      allActions()
        .filter((a) => actionListMatches(statement.actions, true, a))
        .map((a) => a.service),
    );
    // A service is whole when its every action escapes the NotAction list.
    return [...hit].filter((s) =>
      serviceActions(s).every((a) => actionListMatches(statement.actions, true, a)),
    );
  }
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

function denyTouches(deny: NormalStatement, service: string): boolean {
  return (
    deny.notAction || deny.actions.some((p) => p === '*' || globMatch(p.split(':', 1)[0] ?? '', service))
  );
}

/** Whole services granted by the permissions' Allow statements, checked against every Deny. */
export function wholeServiceGrants(perms: Permissions): WholeServiceGrants {
  return perms.derive('whole-services', () => compute(perms));
}

function compute(perms: Permissions): WholeServiceGrants {
  const candidates = new Map<string, StatementRef[]>();
  let star = false;
  for (const s of perms.statements) {
    if (s.effect !== 'Allow') continue;
    if (!s.notAction && s.actions.some((p) => p === '*' || p === '*:*')) star = true;
    for (const service of servicesOf(s)) candidates.set(service, [...(candidates.get(service) ?? []), s.ref]);
  }
  const denies = perms.statements.filter((s) => s.effect === 'Deny' && s.conditions.length === 0);
  const services: string[] = [];
  const refs = new Map<string, StatementRef>();
  for (const [service, statementRefs] of candidates) {
    const touched = denies.some((d) => denyTouches(d, service));
    // Only a Deny on the service can break it up; then every action must still be allowed.
    if (touched && !serviceActions(service).every((a) => perms.isAllowed(a))) continue;
    if (
      !touched &&
      !serviceActions(service).some((a) => perms.isAllowed(a)) &&
      serviceActions(service).length > 0
    ) {
      continue;
    }
    services.push(service);
    for (const r of statementRefs) refs.set(`${r.policy}#${r.index}`, r);
  }
  services.sort();
  const everything = star && services.length >= serviceKeys().length;
  return { everything, services, statements: [...refs.values()] };
}
