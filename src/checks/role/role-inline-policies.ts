import type { Check } from '../check.js';
import { roleFinding, roleOf } from './shared.js';

/** Fires when the role has inline policies (they escape policy reuse and versioning). */
export const roleInlinePolicies: Check = {
  id: 'role-inline-policies',
  severity: 'info',
  categories: ['role'],
  title: 'Execution role uses inline policies',
  risk: 'Inline policies have no versions and are invisible to policy-level reviews and attachments reports.',
  remediation: 'Move the inline statements into a customer-managed policy.',
  requires: ['role'],
  actions: ['iam:ListRolePolicies'],
  run(snapshot) {
    const role = roleOf(snapshot);
    if (!role || role.inlinePolicies.length === 0) return [];
    return roleFinding(
      role,
      `Role ${role.RoleName} has ${role.inlinePolicies.length} inline polic${role.inlinePolicies.length === 1 ? 'y' : 'ies'}.`,
      { policies: role.inlinePolicies.map((p) => p.PolicyName) },
    );
  },
};
