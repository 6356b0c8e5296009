import type { Check } from '../check.js';
import { roleFinding, roleOf } from './shared.js';

/** Fires when the execution role is used by more than one function; unknown sharing stays silent. */
export const roleShared: Check = {
  id: 'role-shared',
  severity: 'low',
  categories: ['role'],
  title: 'Execution role is shared by several functions',
  risk: 'Every function gets the union of what all of them need, and one compromised function reaches the others’ resources.',
  remediation: 'Give each function its own role with only what it needs.',
  requires: ['role'],
  actions: ['lambda:ListFunctions'],
  run(snapshot) {
    const role = roleOf(snapshot);
    if (!role?.usedBy || role.usedBy.length <= 1) return [];
    const others = role.usedBy.filter((arn) => arn !== snapshot.configuration.FunctionArn);
    return roleFinding(role, `Role ${role.RoleName} is used by ${role.usedBy.length} functions.`, {
      functions: role.usedBy,
      others: others.length,
    });
  },
};
