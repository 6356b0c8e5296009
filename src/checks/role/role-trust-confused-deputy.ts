import { fixedConditionValues, LAMBDA_SERVICE_PRINCIPALS, trustedPrincipals } from '../../iam/trust.js';
import type { Check } from '../check.js';
import { roleFinding, roleOf, statementEvidence } from './shared.js';

/**
 * Fires when the trust policy allows `lambda.amazonaws.com` with no fixed `aws:SourceAccount`
 * or `aws:SourceArn` condition (the usual trust policy, hence info).
 */
export const roleTrustConfusedDeputy: Check = {
  id: 'role-trust-confused-deputy',
  severity: 'info',
  categories: ['role'],
  title: 'Execution role trust policy does not pin the source account',
  risk: 'Without a source condition the trust relies on Lambda alone to decide which function may use the role.',
  remediation:
    'Add `"Condition": {"StringEquals": {"aws:SourceAccount": "<account id>"}}` to the trust statement.',
  requires: ['role'],
  actions: ['iam:GetRole'],
  run(snapshot) {
    const role = roleOf(snapshot);
    if (!role) return [];
    const open = trustedPrincipals(role.AssumeRolePolicyDocument).filter(
      (p) =>
        p.kind === 'service' &&
        LAMBDA_SERVICE_PRINCIPALS.has(p.value.toLowerCase()) &&
        fixedConditionValues(p.conditions, 'aws:sourceaccount') === null &&
        fixedConditionValues(p.conditions, 'aws:sourcearn') === null,
    );
    if (open.length === 0) return [];
    return roleFinding(
      role,
      `Role ${role.RoleName} trusts ${open[0]!.value} without aws:SourceAccount or aws:SourceArn.`,
      { statements: open.map((p) => statementEvidence(p.ref)) },
    );
  },
};
