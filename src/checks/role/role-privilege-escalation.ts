import { findEscalationPaths } from '../../iam/escalation.js';
import { pathLabel } from '../../iam/pathfinding-paths.js';
import { permissionsForRole } from '../../iam/role-permissions.js';
import type { Check } from '../check.js';
import { ROLE_POLICY_ACTIONS, roleOf } from './shared.js';

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

/**
 * Fires when the union of the role's policies completes a pathfinding.cloud path, e.g. an
 * inline `iam:PutRolePolicy` on the role's own ARN, or `iam:PassRole` to Lambda in one policy
 * and `lambda:CreateFunction` + `lambda:InvokeFunction` in another.
 */
export const rolePrivilegeEscalation: Check = {
  id: 'role-privilege-escalation',
  severity: 'critical',
  categories: ['role'],
  title: 'Execution role can escalate its own privileges',
  risk: 'Code running in the function can grant itself (or a new principal) more access, up to full control of the account.',
  remediation:
    'Remove the actions that complete each listed path, or scope them to resources that cannot be used against the account (and condition iam:PassRole on iam:PassedToService).',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  run(snapshot) {
    const role = roleOf(snapshot);
    if (!role) return [];
    const perms = permissionsForRole(role);
    const paths = findEscalationPaths(perms, {
      roleArn: role.Arn,
      customerPolicyArns: role.attachedPolicies
        .map((p) => p.PolicyArn)
        .filter((arn) => !AWS_MANAGED.test(arn)),
    });
    if (paths.length === 0) return [];
    return [
      {
        resource: role.Arn,
        detail: `Role ${role.RoleName} completes ${paths.length} privilege-escalation path${
          paths.length === 1 ? '' : 's'
        }: ${paths.map(pathLabel).join(', ')}.`,
        evidence: {
          role: role.Arn,
          paths: paths.map((p) => ({
            id: p.id,
            name: p.name,
            actions: p.steps.map((s) => s.action),
            steps: p.steps,
          })),
          actions: [...new Set(paths.flatMap((p) => p.steps.map((s) => s.action)))],
        },
      },
    ];
  },
};
