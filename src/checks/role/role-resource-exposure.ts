import type { Check } from '../check.js';
import {
  grantEvidence,
  judgeRolePermissions,
  manyActionsFinding,
  onAllEvidence,
  ROLE_POLICY_ACTIONS,
} from './shared.js';

const TRUST = 'iam:UpdateAssumeRolePolicy';

/**
 * Fires when the role may perform a *Permissions management* action (per the IAM action catalog)
 * on every resource of its type: `s3:PutBucketPolicy`, `lambda:AddPermission`,
 * `kms:PutKeyPolicy`, `iam:UpdateAssumeRolePolicy` ... on `*`; and `iam:UpdateAssumeRolePolicy` on
 * the role's own ARN (outsiders gain the role; the role itself gains nothing, so it is no escalation).
 */
export const roleResourceExposure: Check = {
  id: 'role-resource-exposure',
  severity: 'high',
  categories: ['role'],
  title: 'Execution role can change who reaches resources',
  risk: 'The function can rewrite resource policies and open buckets, keys, functions or roles to other accounts or the public.',
  remediation:
    'Remove permissions-management actions, or scope them to the specific resources the function administers.',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  run: judgeRolePermissions((role, perms) => {
    const found = perms.derive(`resource-exposure:${role.Arn}`, () => {
      const onAll = onAllEvidence(perms, perms.candidateActions({ levels: ['Permissions management'] }));
      const ownTrust = perms.grantsOn(TRUST, role.Arn);
      if (ownTrust.length === 0 || onAll.some((f) => f.action === TRUST)) return onAll;
      return [...onAll, grantEvidence(TRUST, ownTrust)].sort((a, b) => a.action.localeCompare(b.action));
    });
    if (found.length === 0) return [];
    return manyActionsFinding(role, found, {
      kind: 'permissions-management',
      where: 'on any resource or on the role itself',
      // Every action, uncut: role-write-wildcard-resource leaves out the ones listed here.
      actions: found.map((f) => f.action),
    });
  }),
};
