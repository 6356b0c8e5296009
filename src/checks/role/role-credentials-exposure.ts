import type { Check } from '../check.js';
import { grantEvidence, judgeRolePermissions, ROLE_POLICY_ACTIONS, roleFinding } from './shared.js';

/**
 * Actions that return credentials (checks.md). `ecr:GetAuthorizationToken` is routine for image
 * pulls and deliberately absent; so is `sso:GetRoleCredentials`, which takes a portal bearer token,
 * not IAM permissions.
 */
export const CREDENTIAL_ACTIONS = [
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:GetFederationToken',
  'ec2:GetPasswordData',
  'rds-db:connect',
  'redshift:GetClusterCredentials',
  'redshift-serverless:GetCredentials',
  'cognito-identity:GetCredentialsForIdentity',
  'codeartifact:GetAuthorizationToken',
];

/** `sts:AssumeRole` of one named role is ordinary; only "any role" (`*`, `role/*`) is reported. */
const ONLY_ON_ALL = new Set(['sts:AssumeRole']);

/**
 * Fires when the role may call a credential-returning action on resources where it applies, e.g.
 * `iam:CreateAccessKey` on `arn:aws:iam::123456789012:user/*`, or `sts:AssumeRole` on `*`.
 */
export const roleCredentialsExposure: Check = {
  id: 'role-credentials-exposure',
  severity: 'high',
  categories: ['role'],
  title: 'Execution role can mint credentials',
  risk: 'The function can obtain long- or short-lived credentials for other principals, which outlive the function and its role.',
  remediation:
    'Remove the credential-returning actions, or scope them to the one principal the function must use.',
  requires: ['role'],
  actions: ROLE_POLICY_ACTIONS,
  run: judgeRolePermissions((role, perms) => {
    const found = CREDENTIAL_ACTIONS.flatMap((action) => {
      const grants = ONLY_ON_ALL.has(action) ? perms.grantsOnAll(action) : perms.grants(action);
      return grants.length > 0 ? [grantEvidence(action, grants)] : [];
    });
    if (found.length === 0) return [];
    const actions = found.map((f) => f.action);
    return roleFinding(role, `Role ${role.RoleName} may obtain credentials with ${actions.join(', ')}.`, {
      actions,
      grants: found,
    });
  }),
};
