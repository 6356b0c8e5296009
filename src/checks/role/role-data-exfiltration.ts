import type { Check } from '../check.js';
import { judgeRolePermissions, onAllEvidence, ROLE_POLICY_ACTIONS, roleFinding } from './shared.js';

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
  run: judgeRolePermissions((role, perms) => {
    const found = onAllEvidence(perms, EXFILTRATION_ACTIONS);
    if (found.length === 0) return [];
    const actions = found.map((f) => f.action);
    return roleFinding(
      role,
      `Role ${role.RoleName} may read data on any resource with ${actions.join(', ')}.`,
      {
        actions,
        grants: found,
      },
    );
  }),
};
