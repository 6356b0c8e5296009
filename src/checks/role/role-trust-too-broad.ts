import {
  fixedConditionValues,
  LAMBDA_SERVICE_PRINCIPALS,
  type TrustedPrincipal,
  trustedPrincipals,
} from '../../iam/trust.js';
import type { Check, CheckContext } from '../check.js';
import { roleFinding, roleOf, statementEvidence } from './shared.js';

/** A public principal pinned to trusted accounts or organisations is not public. */
function pinnedToTrusted(p: TrustedPrincipal, context: CheckContext): boolean {
  const accounts = [
    ...(fixedConditionValues(p.conditions, 'aws:principalaccount') ?? []),
    ...(fixedConditionValues(p.conditions, 'aws:sourceaccount') ?? []),
  ];
  if (accounts.length > 0 && accounts.every((a) => context.trustedAccountIds.includes(a))) return true;
  const orgs = fixedConditionValues(p.conditions, 'aws:principalorgid');
  return (
    orgs !== null && context.trustedOrgIds.length > 0 && orgs.every((o) => context.trustedOrgIds.includes(o))
  );
}

function tooBroad(p: TrustedPrincipal, context: CheckContext): boolean {
  switch (p.kind) {
    case 'service':
      return !LAMBDA_SERVICE_PRINCIPALS.has(p.value.toLowerCase());
    case 'account':
      return !context.trustedAccountIds.includes(p.account ?? '');
    case 'public':
      return !pinnedToTrusted(p, context);
    case 'federated':
      return true;
  }
}

/**
 * Fires when the trust policy lets anything but `lambda.amazonaws.com` (or Lambda@Edge's
 * `edgelambda.amazonaws.com`, or a principal of a trusted account) assume the role, e.g.
 * `"Principal": {"AWS": "*"}`, `arn:aws:iam::999999999999:root`, or `ec2.amazonaws.com`.
 */
export const roleTrustTooBroad: Check = {
  id: 'role-trust-too-broad',
  severity: 'high',
  categories: ['role'],
  title: 'Execution role can be assumed by principals other than Lambda',
  risk: 'Whoever else may assume the role gets the function’s permissions without running the function.',
  remediation:
    'Limit the trust policy to `lambda.amazonaws.com`, with `aws:SourceAccount` or `aws:SourceArn`.',
  requires: ['role'],
  actions: ['iam:GetRole'],
  run(snapshot, context) {
    const role = roleOf(snapshot);
    if (!role) return [];
    const broad = trustedPrincipals(role.AssumeRolePolicyDocument).filter((p) => tooBroad(p, context));
    if (broad.length === 0) return [];
    return roleFinding(
      role,
      `Role ${role.RoleName} trusts ${broad.map((p) => p.value).join(', ')} besides Lambda.`,
      {
        principals: broad.map((p) => ({ kind: p.kind, value: p.value, statement: statementEvidence(p.ref) })),
      },
    );
  },
};
