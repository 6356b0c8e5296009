import { findEscalationPaths } from '../../iam/escalation.js';
import { pathLabel } from '../../iam/pathfinding-paths.js';
import type { Check } from '../check.js';
import { judgeRolePermissions, ROLE_POLICY_ACTIONS, roleFinding } from './shared.js';

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
  run: judgeRolePermissions((role, perms) => {
    const paths = findEscalationPaths(perms, {
      roleArn: role.Arn,
      customerPolicyArns: role.attachedPolicies
        .map((p) => p.PolicyArn)
        .filter((arn) => !AWS_MANAGED.test(arn)),
    });
    if (paths.length === 0) return [];
    return roleFinding(
      role,
      `Role ${role.RoleName} completes ${paths.length} privilege-escalation path${
        paths.length === 1 ? '' : 's'
      }: ${paths.map(pathLabel).join(', ')}.`,
      {
        paths: paths.map((p) => ({
          id: p.id,
          name: p.name,
          actions: p.steps.map((s) => s.action),
          steps: p.steps,
        })),
        actions: [...new Set(paths.flatMap((p) => p.steps.map((s) => s.action)))],
      },
    );
  }),
};
