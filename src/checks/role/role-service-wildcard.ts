import { wholeServiceGrants } from '../../iam/service-wildcards.js';
import type { Check } from '../check.js';
import {
  EVIDENCE_LIST_LIMIT,
  judgeRolePermissions,
  ROLE_POLICY_ACTIONS,
  roleFinding,
  statementEvidence,
} from './shared.js';

/**
 * Fires when an Allow grants every action of a service (`s3:*`, `dynamodb:*`), `*`, or a
 * `NotAction` that leaves whole services in (PowerUserAccess), whatever the resource.
 */
export const roleServiceWildcard: Check = {
  id: 'role-service-wildcard',
  severity: 'high',
  categories: ['role'],
  title: 'Execution role grants whole services',
  risk: 'A service wildcard includes destructive and permission-changing actions the function never needs, today and as AWS adds them.',
  remediation: 'Replace `service:*` with the specific actions the function calls.',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  run: judgeRolePermissions((role, perms) => {
    const whole = wholeServiceGrants(perms);
    if (whole.services.length === 0) return [];
    const services = whole.everything ? ['*'] : whole.services;
    const shown = services.slice(0, EVIDENCE_LIST_LIMIT);
    return roleFinding(
      role,
      whole.everything
        ? `Role ${role.RoleName} grants every action of every service.`
        : `Role ${role.RoleName} grants every action of ${services.length} service${
            services.length === 1 ? '' : 's'
          }: ${shown.slice(0, 10).join(', ')}${services.length > 10 ? ', ...' : ''}.`,
      { services, count: services.length, statements: whole.statements.map(statementEvidence) },
    );
  }),
};
