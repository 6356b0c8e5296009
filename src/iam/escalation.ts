/**
 * Privilege-escalation paths (pathfinding.cloud's catalog, see pathfinding-paths.ts). A path is
 * complete when the union of the role's policies allows every permission it needs on resources
 * where the attack works (checks.md, "Resolved details"):
 * - `iam:PassRole`: some role of the account other than the function's own, to the path's service;
 * - the other steps of a path that creates something: some resource whose name the attacker picks
 *   (`function:*`, `function:orders-*`), in the role's account;
 * - self-escalation through the role's own policies: its own ARN (`iam:PutRolePolicy`,
 *   `iam:AttachRolePolicy`) or a customer-managed policy attached to it (`iam:CreatePolicyVersion`);
 * - everything else: every resource of the action's type ("on *").
 * `iam:Attach*Policy` limited by `iam:PolicyARN` to harmless policies completes nothing.
 */
import { type ArnPattern, hasFreeName, inAccount, intersects, subset } from './arn-pattern.js';
import { describeRef, type StatementRef } from './normalise.js';
import { describePassTarget, passesTo } from './pass-role.js';
import { PASSED_TO, PATHS, type PathCategory, type PathSpec } from './pathfinding-paths.js';
import type { Grant, Permissions } from './permissions.js';
import { attachMayEscalate } from './policy-arn.js';
import { type Target, targetMatches } from './resources.js';

/** Every action that appears in some path: the proposal never keeps these unless seen in use. */
export const ESCALATION_ACTIONS: ReadonlySet<string> = new Set(
  PATHS.flatMap((p) => p.actions.map((a) => a.toLowerCase()))
    // Listing instances is a step of one path, but harmless alone and needed by many functions.
    .filter((a) => a !== 'ec2:describeinstances'),
);

/** What the analysis knows about the role itself. */
export interface EscalationSubject {
  roleArn: string;
  /** ARNs of the customer-managed policies attached to the role. */
  customerPolicyArns: readonly string[];
}

export interface PathStep {
  action: string;
  resources: string[];
  notResource: boolean;
  statements: (StatementRef & { text: string })[];
  passTo?: string;
  conditional: boolean;
}

export interface CompletedPath {
  /** pathfinding.cloud's id, null for SetExistingDefaultPolicyVersion. */
  id: string | null;
  name: string;
  steps: PathStep[];
}

type Need = 'pass' | 'new' | 'self-role' | 'self-policy' | 'all';

const SELF_ROLE = new Set(['iam:putrolepolicy', 'iam:attachrolepolicy']);
const SELF_POLICY = new Set(['iam:createpolicyversion', 'iam:setdefaultpolicyversion']);
const ATTACH = new Set(['iam:attachrolepolicy', 'iam:attachuserpolicy', 'iam:attachgrouppolicy']);

function need(category: PathCategory, action: string): Need {
  if (action === 'iam:passrole') return 'pass';
  if (category === 'new') return 'new';
  if (category === 'self' && SELF_ROLE.has(action)) return 'self-role';
  if (category === 'self' && SELF_POLICY.has(action)) return 'self-policy';
  return 'all';
}

/**
 * Does the target reach some resource of the account the attacker can use: any name left free
 * (`free`), or a fixed one other than `except`? Denies and NotResource exclusions count.
 */
function reachesOther(
  perms: Permissions,
  grant: Grant,
  target: Target,
  free: boolean,
  except?: string,
): boolean {
  if (target.type === null) return true;
  const here = inAccount(target.pattern, perms.ctx);
  if (!here) return false;
  const narrowed: Target = { ...target, pattern: here };
  if (hasFreeName(here)) {
    return !perms.deniesTarget(grant.action, narrowed) && !target.except.some((e) => subset(here, e));
  }
  if (free) return false;
  const arn = `arn:${here.fields.join(':')}`;
  return arn !== except && targetMatches(target, arn) && !perms.denies(grant.action, arn);
}

function hits(perms: Permissions, grant: Grant, arn: string): boolean {
  return perms.grantsOn(grant.action, arn).includes(grant);
}

function usable(
  perms: Permissions,
  grant: Grant,
  how: Need,
  subject: EscalationSubject,
  passTo: readonly string[],
): boolean {
  if (ATTACH.has(grant.action.key) && !attachMayEscalate(grant.conditions, perms.ctx)) return false;
  switch (how) {
    case 'pass':
      return (
        passTo.some((service) => passesTo(grant.passTo, service)) &&
        grant.targets.some((t) => reachesOther(perms, grant, t, false, subject.roleArn))
      );
    case 'new':
      return grant.targets.some((t) => reachesOther(perms, grant, t, true));
    case 'self-role':
      return hits(perms, grant, subject.roleArn);
    case 'self-policy':
      return subject.customerPolicyArns.some((arn) => hits(perms, grant, arn));
    case 'all':
      return grant.targets.some((t) => perms.coversAll(grant.action, t));
  }
}

/** `ec2:RunInstances` must reach each of its resource types: the grants together, not one alone. */
function enoughTogether(grants: readonly Grant[], perms: Permissions, how: Need): boolean {
  const types = ['instance', 'image', 'network-interface', 'security-group', 'subnet', 'volume'];
  if (grants[0]?.action.key !== 'ec2:runinstances') return grants.length > 0;
  const ok = (t: Target) =>
    how === 'all' ? perms.coversAll(grants[0]!.action, t) : reachesOther(perms, grants[0]!, t, true);
  return types.every((type) => grants.some((g) => g.targets.some((t) => t.type === type && ok(t))));
}

function step(action: string, grants: readonly Grant[]): PathStep {
  return {
    action,
    resources: [...new Set(grants.flatMap((g) => g.scope.patterns))],
    notResource: grants.every((g) => g.scope.not),
    statements: grants.map((g) => ({ ...g.ref, text: describeRef(g.ref) })),
    ...(action === 'iam:PassRole'
      ? { passTo: [...new Set(grants.map((g) => describePassTarget(g.passTo)))].join('; ') }
      : {}),
    conditional: grants.every((g) => g.conditional),
  };
}

/** The in-account patterns with a free name through which a grant reaches each resource type. */
function freeNames(perms: Permissions, grants: readonly Grant[]): Map<string, ArnPattern[]> {
  const out = new Map<string, ArnPattern[]>();
  for (const g of grants) {
    for (const t of g.targets) {
      if (t.type === null || !reachesOther(perms, g, t, true)) continue;
      const key = `${g.action.service}:${t.type}`;
      out.set(key, [...(out.get(key) ?? []), inAccount(t.pattern, perms.ctx)!]);
    }
  }
  return out;
}

/**
 * Steps that create a resource and then use it must agree on its name: CreateFunction on
 * `function:a-*` and InvokeFunction on `function:b-*` cannot reach the same function.
 */
function namesAgree(perNames: readonly Map<string, ArnPattern[]>[]): boolean {
  const keys = new Set(perNames.flatMap((m) => [...m.keys()]));
  for (const key of keys) {
    const lists = perNames.flatMap((m) => (m.has(key) ? [m.get(key)!] : []));
    const pick = (i: number, chosen: ArnPattern[]): boolean =>
      i === lists.length ||
      lists[i]!.some((p) => chosen.every((c) => intersects(c, p)) && pick(i + 1, [...chosen, p]));
    if (!pick(0, [])) return false;
  }
  return true;
}

function complete(perms: Permissions, path: PathSpec, subject: EscalationSubject): PathStep[] | null {
  const passTo = PASSED_TO[path.id?.split('-')[0] ?? ''] ?? [];
  const steps: PathStep[] = [];
  const created: Map<string, ArnPattern[]>[] = [];
  for (const action of path.actions) {
    const how = need(path.category, action.toLowerCase());
    const grants = perms.grants(action);
    // RunInstances needs every type: judge each type across all grants, not grant by grant.
    const ok =
      grants[0]?.action.key === 'ec2:runinstances'
        ? enoughTogether(grants, perms, how)
          ? grants
          : []
        : grants.filter((g) => usable(perms, g, how, subject, passTo));
    if (ok.length === 0) return null;
    if (how === 'new') created.push(freeNames(perms, ok));
    steps.push(step(action, ok));
  }
  return namesAgree(created) ? steps : null;
}

/** The paths the permissions complete, each with the grants that complete every step. */
export function findEscalationPaths(perms: Permissions, subject: EscalationSubject): CompletedPath[] {
  return perms.derive(`escalation:${subject.roleArn}:${subject.customerPolicyArns.join(',')}`, () =>
    PATHS.flatMap((path) => {
      const steps = complete(perms, path, subject);
      return steps ? [{ id: path.id, name: path.name, steps }] : [];
    }),
  );
}
