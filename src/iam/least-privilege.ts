/**
 * A proposed least-privilege policy for an execution role (issue 3, item 4). Start from the
 * role's effective permissions; drop services unused in the window; of used services keep the
 * tracked actions that were used and the untracked ones (flagged for a human); never keep
 * escalation actions or `iam:PassRole` unless IAM saw them used; always keep what the function's
 * configuration needs, scoped to its resources. Every kept action is named explicitly (never
 * `service:*`), on resources inside one current grant, with that grant's conditions, and every
 * current Deny that touches a kept action is carried over: the proposal never grants more than
 * the role does today.
 */
import { parseArn } from '../arn.js';
import type { PolicyStatement, RoleSnapshot } from '../model.js';
import { actionListMatches } from './actions.js';
import type { CatalogAction } from './catalog.js';
import { lookupAction } from './catalog.js';
import { ESCALATION_ACTIONS } from './escalation.js';
import { type FunctionNeeds, type NeededAction, neededActions } from './function-needs.js';
import { DEFAULT_WINDOW_DAYS, usageByService, youngerThanWindow } from './last-accessed.js';
import type { NormalStatement } from './normalise.js';
import type { Grant, Permissions } from './permissions.js';
import type { KeepReason, KeptAction, Proposal, RemovedAction, RemovedService } from './proposal.js';
import { renderDiff } from './proposal-diff.js';
import { type ResourceScope, scopeApplies, scopeCovers } from './resources.js';
import { permissionsForRole } from './role-permissions.js';
import { hasUnreadPolicy } from './role-snapshot.js';

export interface ProposalOptions {
  now: Date;
  windowDays?: number;
  needs: FunctionNeeds;
}

interface Choice {
  grant: Grant;
  scope: ResourceScope;
}

function arnService(arn: string): string {
  return parseArn(arn)?.service ?? '';
}

/** Picks a current grant and resources inside it: known resources when some fit, else the grant's own. */
function choose(action: CatalogAction, grants: readonly Grant[], known: readonly string[]): Choice {
  const ordered = [...grants.filter((g) => !g.conditional), ...grants.filter((g) => g.conditional)];
  const fitting = known.filter(
    (arn) =>
      arn !== '*' &&
      arnService(arn) === action.service &&
      scopeApplies({ not: false, patterns: [arn] }, action, parseArn(arn)?.partition ?? 'aws'),
  );
  for (const grant of ordered) {
    const inside = fitting.filter((arn) => scopeCovers(grant.scope, arn));
    if (inside.length > 0) return { grant, scope: { not: false, patterns: [...new Set(inside)] } };
  }
  const grant = ordered[0]!;
  return { grant, scope: grant.scope };
}

interface Keep {
  action: CatalogAction;
  reason: KeepReason;
  lastUsed: string | null;
  /** Resources the configuration names for this action (needs only). */
  needed?: string[];
  why?: string;
}

interface RoleKeeps {
  keeps: Map<CatalogAction, Keep>;
  removedServices: RemovedService[];
  removedActions: RemovedAction[];
}

function caveats(role: RoleSnapshot, now: Date, windowDays: number): string[] {
  const out: string[] = [];
  if (!role.lastAccessed)
    out.push('IAM last-accessed data could not be read: every service is treated as unused.');
  else if (role.lastAccessed.JobStatus !== 'COMPLETED') out.push('IAM last-accessed job did not complete.');
  if (youngerThanWindow(role.CreateDate, now, windowDays)) {
    out.push(`The role is younger than the ${windowDays}-day window: rarely used services may not show yet.`);
  }
  if (!role.RoleLastUsed.LastUsedDate) out.push('IAM has never seen the role used.');
  if (hasUnreadPolicy(role)) out.push('Some of the role’s policies could not be read.');
  return out;
}

/** The role-level part (what use keeps and drops), computed once per role, clock and window. */
function collectKeeps(role: RoleSnapshot, perms: Permissions, now: Date, windowDays: number): RoleKeeps {
  const usage = role.lastAccessed ? usageByService(role.lastAccessed, now, windowDays) : new Map();
  const keeps = new Map<CatalogAction, Keep>();
  const removedServices: RemovedService[] = [];
  const removedActions: RemovedAction[] = [];
  for (const service of perms.candidateServices()) {
    const use = usage.get(service);
    if (!use?.usedInWindow) {
      // One allowed action settles it: with `*` most services are never built beyond their first.
      if (perms.someCandidate(service, (a) => perms.isAllowed(a))) {
        removedServices.push({
          service,
          name: use?.name ?? null,
          lastUsed: use?.lastUsed ?? null,
          keptForConfiguration: [],
        });
      }
      continue;
    }
    const actions = perms.candidateActions({ service: (s) => s === service });
    for (const action of actions) {
      if (!perms.isAllowed(action)) continue;
      const id = action.key;
      const tracked = use.actions?.get(action.name.toLowerCase());
      if (tracked) {
        if (tracked.usedInWindow) keeps.set(action, { action, reason: 'used', lastUsed: tracked.lastUsed });
        else removedActions.push({ action: action.id, lastUsed: tracked.lastUsed, reason: 'unused' });
      } else if (id === 'iam:passrole' || ESCALATION_ACTIONS.has(id)) {
        removedActions.push({
          action: action.id,
          lastUsed: null,
          reason: id === 'iam:passrole' ? 'passrole' : 'escalation',
        });
      } else {
        keeps.set(action, { action, reason: 'untracked', lastUsed: use.lastUsed });
      }
    }
  }
  return { keeps, removedServices, removedActions };
}

const keepCache = new WeakMap<RoleSnapshot, { key: string; value: RoleKeeps }>();

/** Functions sharing a role share this work; each call gets copies it may change. */
function roleKeeps(role: RoleSnapshot, perms: Permissions, now: Date, windowDays: number): RoleKeeps {
  const key = `${now.getTime()}|${windowDays}`;
  let cached = keepCache.get(role);
  if (cached?.key !== key) {
    cached = { key, value: collectKeeps(role, perms, now, windowDays) };
    keepCache.set(role, cached);
  }
  const { keeps, removedServices, removedActions } = cached.value;
  return {
    keeps: new Map(keeps),
    removedServices: removedServices.map((s) => ({ ...s, keptForConfiguration: [] })),
    removedActions: [...removedActions],
  };
}

function toStatements(chosen: { action: CatalogAction; choice: Choice }[]): PolicyStatement[] {
  const groups = new Map<string, { scope: ResourceScope; grant: Grant; actions: string[] }>();
  for (const { action, choice } of chosen) {
    const key = JSON.stringify([
      choice.scope.not,
      [...choice.scope.patterns].sort(),
      choice.grant.statement.raw.Condition ?? null,
    ]);
    const group = groups.get(key) ?? { scope: choice.scope, grant: choice.grant, actions: [] };
    group.actions.push(action.id);
    groups.set(key, group);
  }
  return [...groups.values()].map((g, i) => {
    const patterns = [...g.scope.patterns].sort();
    const condition = g.grant.statement.raw.Condition;
    return {
      Sid: `LeastPrivilege${i + 1}`,
      Effect: 'Allow' as const,
      Action: g.actions.sort(),
      ...(g.scope.not ? { NotResource: patterns } : { Resource: patterns }),
      ...(condition ? { Condition: condition } : {}),
    };
  });
}

/** Every current Deny that touches a kept action, verbatim: partial Denies keep narrowing the proposal. */
function carriedDenies(
  statements: readonly NormalStatement[],
  kept: readonly CatalogAction[],
): PolicyStatement[] {
  return statements
    .filter((s) => s.effect === 'Deny' && kept.some((a) => actionListMatches(s.actions, s.notAction, a)))
    .map((s) => s.raw);
}

/** The proposal for one role and the function that uses it. */
export function proposeLeastPrivilege(role: RoleSnapshot, options: ProposalOptions): Proposal {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const perms = permissionsForRole(role);
  const { keeps, removedServices, removedActions } = roleKeeps(role, perms, options.now, windowDays);
  const needs = options.needs;
  const known = [
    ...needs.dataResources,
    ...needs.eventSourceArns,
    ...needs.destinationArns,
    ...needs.kmsKeyArns,
  ];
  const notGranted: NeededAction[] = [];
  for (const need of neededActions(options.needs)) {
    const action = lookupAction(need.action);
    if (!perms.isAllowed(action)) {
      notGranted.push(need);
      continue;
    }
    const resources = need.resources.filter((r) => r !== '*');
    const prior = keeps.get(action);
    keeps.set(action, {
      action,
      reason: prior?.reason ?? 'configuration',
      lastUsed: prior?.lastUsed ?? null,
      needed: [...resources, ...(prior?.needed ?? [])],
      why: need.why,
    });
    const removed = removedServices.find((s) => s.service === action.service);
    if (removed && !removed.keptForConfiguration.includes(action.id))
      removed.keptForConfiguration.push(action.id);
  }
  const chosen = [...keeps.values()].map((k) => ({
    action: k.action,
    choice: choose(k.action, perms.grants(k.action), k.needed ?? known),
  }));
  const kept: KeptAction[] = [...keeps.values()].map((k, i) => ({
    action: k.action.id,
    reason: k.reason,
    lastUsed: k.lastUsed,
    resources: [...chosen[i]!.choice.scope.patterns],
    notResource: chosen[i]!.choice.scope.not,
    ...(k.why ? { why: k.why } : {}),
  }));
  const statements = [...toStatements(chosen), ...carriedDenies(perms.statements, [...keeps.keys()])];
  const lowConfidence = caveats(role, options.now, windowDays);
  const untracked = kept.filter((k) => k.reason === 'untracked').length;
  const proposal: Omit<Proposal, 'diff'> = {
    role: role.Arn,
    windowDays,
    confidence: lowConfidence.length > 0 ? 'low' : 'high',
    caveats: [
      ...lowConfidence,
      ...(untracked > 0
        ? [`${untracked} kept actions have no action-level usage data: review them by hand.`]
        : []),
    ],
    policy: { Version: '2012-10-17', Statement: statements },
    kept: kept.sort((a, b) => a.action.localeCompare(b.action)),
    removedServices: removedServices.sort((a, b) => a.service.localeCompare(b.service)),
    removedActions: removedActions.sort((a, b) => a.action.localeCompare(b.action)),
    notGranted,
  };
  return { ...proposal, diff: renderDiff(proposal) };
}
