import { permissionsForRole } from '../../iam/role-permissions.js';
import type { Check } from '../check.js';
import { onAllEvidence, ROLE_POLICY_ACTIONS, roleOf } from './shared.js';

/** The read actions checks.md lists: each returns data or decrypts it. */
export const EXFILTRATION_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'kms:Decrypt',
];

/** Fires when one of those actions is allowed on every resource, e.g. `s3:GetObject` on `arn:aws:s3:::*`. */
export const roleDataExfiltration: Check = {
  id: 'role-data-exfiltration',
  severity: 'medium',
  categories: ['role'],
  title: 'Execution role can read data across the account',
  risk: 'A compromised function can read every object, secret, parameter or table item of the account, not only its own.',
  remediation:
    'Scope the read actions to the buckets, secrets, parameters, tables and keys the function uses.',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  run(snapshot) {
    const role = roleOf(snapshot);
    if (!role) return [];
    const found = onAllEvidence(permissionsForRole(role), EXFILTRATION_ACTIONS);
    if (found.length === 0) return [];
    return [
      {
        resource: role.Arn,
        detail: `Role ${role.RoleName} may read data on any resource with ${found.map((f) => f.action).join(', ')}.`,
        evidence: { role: role.Arn, actions: found.map((f) => f.action), grants: found },
      },
    ];
  },
};
