import {
  allGrants,
  describeCondition,
  hasRestrictiveCondition,
  isWildcardCondition,
} from '../../iam/resource-policy.js';
import type { Check } from '../check.js';
import { grantFinding } from './shared.js';

/**
 * Trips on a source condition that pins nothing, e.g. a service principal
 * `{"Service": "apigateway.amazonaws.com"}` with `{"ArnLike": {"AWS:SourceArn": "arn:aws:execute-api:us-east-1:*:*"}}`
 * (any account's API, with or without a `GET` route suffix), or `aws:SourceAccount` given as
 * the variable `${aws:PrincipalAccount}`.
 */
export const policyWildcardCondition: Check = {
  id: 'policy-wildcard-condition',
  severity: 'high',
  categories: ['exposure'],
  title: 'Resource policy condition uses wildcards and restricts nothing',
  risk: 'The grant looks scoped but matches any account’s resources of that service: effectively service-wide.',
  remediation:
    'Replace the wildcard with the exact source ARN (fixed account and resource name, e.g. ' +
    '`arn:aws:execute-api:<region>:<account>:<api-id>/*/GET/items`) and add `aws:SourceAccount`.',
  requires: ['policies'],
  actions: ['lambda:GetPolicy'],
  run(snapshot) {
    return (
      allGrants(snapshot.policies ?? [])
        // A statement with a public principal is policy-public-invoke's, wildcards named there.
        .filter(
          (grant) =>
            grant.principal.kind !== 'public' &&
            !grant.statement.principals.some((p) => p.kind === 'public') &&
            !hasRestrictiveCondition(grant.statement) &&
            grant.statement.conditions.some(isWildcardCondition),
        )
        .map((grant) => {
          const wildcards = grant.statement.conditions.filter(isWildcardCondition).map(describeCondition);
          const scopes = wildcards.map((c) => `${c.operator} ${c.key} ${c.values.join(', ')}`).join('; ');
          return grantFinding(
            snapshot,
            grant,
            `scopes ${grant.principal.value} only by ${scopes}, which matches any account’s resources.`,
            { wildcardConditions: wildcards },
          );
        })
    );
  },
};
