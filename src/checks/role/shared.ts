/**
 * What the role checks share: the role read off the snapshot (missing roles are role-missing's
 * business alone), the IAM read actions their data comes from, and small evidence helpers.
 */

import type { CatalogAction } from '../../iam/catalog.js';
import { describeRef, type StatementRef } from '../../iam/normalise.js';
import type { Grant, Permissions } from '../../iam/permissions.js';
import { permissionsForRole } from '../../iam/role-permissions.js';
import { isMissingRole } from '../../iam/role-snapshot.js';
import type { FunctionSnapshot, RoleSnapshot } from '../../model.js';
import type { Check, CheckContext, CheckResult } from '../check.js';

export { ROLE_POLICY_ACTIONS } from '../../iam/role-snapshot.js';

/** The ACTION_LEVEL last-accessed job. */
export const LAST_ACCESSED_ACTIONS = [
  'iam:GenerateServiceLastAccessedDetails',
  'iam:GetServiceLastAccessedDetails',
] as const;

/** The role, or null when it is missing (role-missing reports that) or not read (runner skips). */
export function roleOf(snapshot: FunctionSnapshot): RoleSnapshot | null {
  const role = snapshot.role;
  return role && !isMissingRole(role) ? role : null;
}

/**
 * The run of a check on the role's policies: `judge` sees the role and its effective permissions
 * (the union of its policies); with no role to judge (see roleOf) there is nothing to find.
 */
export function judgeRolePermissions(
  judge: (role: RoleSnapshot, perms: Permissions, context: CheckContext) => CheckResult[],
): Check['run'] {
  return (snapshot, context) => {
    const role = roleOf(snapshot);
    return role ? judge(role, permissionsForRole(role), context) : [];
  };
}

/**
 * A role check's one result. It is about the role, not the function (every function sharing the
 * role shows the same finding), and its evidence names the role first.
 */
export function roleFinding(
  role: RoleSnapshot,
  detail: string,
  evidence: Record<string, unknown>,
): CheckResult[] {
  return [{ resource: role.Arn, detail, evidence: { role: role.Arn, ...evidence } }];
}

/** Evidence form of a statement: where it is and a short text. */
export function statementEvidence(ref: StatementRef): StatementRef & { text: string } {
  return { ...ref, text: describeRef(ref) };
}

/** Evidence for the grants of one action: resources and the statements that grant them. */
export function grantEvidence(action: string, grants: readonly Grant[]) {
  return {
    action,
    resources: [...new Set(grants.flatMap((g) => g.scope.patterns))],
    notResource: grants.every((g) => g.scope.not),
    conditional: grants.every((g) => g.conditional),
    statements: grants.map((g) => statementEvidence(g.ref)),
  };
}

/** Lists longer than this are cut in evidence (the count stays exact). */
export const EVIDENCE_LIST_LIMIT = 100;

/** The role's actions (among `candidates`) granted on every resource of their type, with evidence. */
export function onAllEvidence(perms: Permissions, candidates: Iterable<CatalogAction | string>) {
  const out: ReturnType<typeof grantEvidence>[] = [];
  for (const candidate of candidates) {
    const grants = perms.grantsOnAll(candidate);
    if (grants.length > 0) out.push(grantEvidence(grants[0]!.action.id, grants));
  }
  return out.sort((a, b) => a.action.localeCompare(b.action));
}

/**
 * The finding of a role that may perform many actions of one kind (`found`, one entry an action):
 * "Role r may perform 12 write actions on any resource, e.g. a, b, c, d, e.", with the count,
 * `actions` and the first grants as evidence.
 */
export function manyActionsFinding(
  role: RoleSnapshot,
  found: readonly { action: string }[],
  { kind, where, actions }: { kind: string; where: string; actions: readonly string[] },
): CheckResult[] {
  const examples = found
    .slice(0, 5)
    .map((f) => f.action)
    .join(', ');
  return roleFinding(
    role,
    `Role ${role.RoleName} may perform ${found.length} ${kind} action${found.length === 1 ? '' : 's'} ${where}, e.g. ${examples}.`,
    { count: found.length, actions, grants: found.slice(0, EVIDENCE_LIST_LIMIT) },
  );
}
