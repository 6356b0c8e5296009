import { roleStatements } from '../../iam/role-permissions.js';
import { servicesDeniedWhole } from '../../iam/service-wildcards.js';
import type { Check } from '../check.js';
import { judgeRolePermissions, ROLE_POLICY_ACTIONS, roleFinding, statementEvidence } from './shared.js';

const ADMIN_POLICY = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/;

/**
 * Fires when `AdministratorAccess` is attached, or an Allow grants `*` (or `*:*`) on `*` with no
 * Condition, e.g. `{"Effect": "Allow", "Action": "*", "Resource": "*"}` in an inline policy, and
 * no unconditional Deny removes a whole service.
 */
export const roleAdmin: Check = {
  id: 'role-admin',
  severity: 'critical',
  categories: ['role'],
  title: 'Execution role has administrator access',
  risk: 'Anyone who runs code in the function (a dependency, an injection) controls the whole account.',
  remediation:
    'Detach AdministratorAccess and remove `*` on `*` grants; grant only the actions the function uses (see the proposed policy of role-unused-services).',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  run: judgeRolePermissions((role, perms) => {
    const policies = role.attachedPolicies
      .filter((p) => ADMIN_POLICY.test(p.PolicyArn))
      .map((p) => p.PolicyArn);
    const statements = roleStatements(role).filter(
      (s) =>
        s.effect === 'Allow' &&
        !s.notAction &&
        s.actions.some((a) => a === '*' || a === '*:*') &&
        !s.notResource &&
        s.resources.includes('*') &&
        s.conditions.length === 0,
    );
    if (policies.length === 0 && statements.length === 0) return [];
    // Effective permissions: a Deny that removes a whole service leaves no administrator.
    if (servicesDeniedWhole(perms).length > 0) return [];
    return roleFinding(
      role,
      `Role ${role.RoleName} may perform every action on every resource${
        policies.length > 0 ? ' (AdministratorAccess is attached)' : ''
      }.`,
      { policies, statements: statements.map((s) => statementEvidence(s.ref)) },
    );
  }),
};
