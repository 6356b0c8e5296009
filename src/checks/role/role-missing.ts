import { isMissingRole } from '../../iam/role-snapshot.js';
import type { Check } from '../check.js';

/** Fires when GetRole answered NoSuchEntity for the function's role. */
export const roleMissing: Check = {
  id: 'role-missing',
  severity: 'medium',
  categories: ['role'],
  title: 'Execution role does not exist',
  risk: 'The function fails on every invocation, and anyone who recreates a role with that name decides what it may do.',
  remediation: 'Point the function at an existing role, or recreate the role with least-privilege policies.',
  requires: ['role'],
  actions: ['iam:GetRole'],
  run(snapshot) {
    const role = snapshot.role;
    if (!role || !isMissingRole(role)) return [];
    return [
      {
        detail: `The execution role ${role.arn} does not exist.`,
        evidence: { role: role.arn },
      },
    ];
  },
};
