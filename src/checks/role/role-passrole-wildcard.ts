import { describePassTarget } from '../../iam/pass-role.js';
import type { Check } from '../check.js';
import { grantEvidence, judgeRolePermissions, ROLE_POLICY_ACTIONS, roleFinding } from './shared.js';

/**
 * Fires when `iam:PassRole` is allowed on every role (`*`, `arn:aws:iam::*:role/*`, NotResource),
 * e.g. `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}`.
 */
export const rolePassroleWildcard: Check = {
  id: 'role-passrole-wildcard',
  severity: 'high',
  categories: ['role'],
  title: 'Execution role can pass any role',
  risk: 'The function can hand any role of the account, including administrative ones, to a service it controls.',
  remediation: 'Limit iam:PassRole to the specific role ARNs needed and condition it on iam:PassedToService.',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  run: judgeRolePermissions((role, perms) => {
    const grants = perms.grantsOnAll('iam:PassRole');
    if (grants.length === 0) return [];
    const passTo = [...new Set(grants.map((g) => describePassTarget(g.passTo)))];
    return roleFinding(role, `Role ${role.RoleName} may pass any role to ${passTo.join('; ')}.`, {
      passTo,
      actions: ['iam:PassRole'],
      ...grantEvidence('iam:PassRole', grants),
    });
  }),
};
