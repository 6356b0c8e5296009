import {
  allGrants,
  describeCondition,
  hasRestrictiveCondition,
  isInvokeCapable,
  isUrlScoped,
  isWildcardCondition,
} from '../../iam/resource-policy.js';
import type { Check } from '../check.js';
import { grantFinding } from './shared.js';

/**
 * Trips on a GetPolicy statement such as
 * `{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "<function ARN>"}`,
 * also when its only conditions are non-restrictive (`ArnLike aws:SourceArn arn:aws:execute-api:*:*:*`,
 * `StringEqualsIfExists`, `IpAddress aws:SourceIp 0.0.0.0/0`). URL-scoped grants are `url-public`'s.
 */
export const policyPublicInvoke: Check = {
  id: 'policy-public-invoke',
  severity: 'critical',
  categories: ['exposure', 'internet-exposed'],
  title: 'Resource policy lets anyone invoke the function',
  risk: 'Any AWS account can run the function with input of its choosing, and pay-per-call abuse lands on this account.',
  remediation:
    'Remove the statement (`aws lambda remove-permission --function-name <name> --statement-id <sid>`) and grant ' +
    'the caller that needs it by account or service, with `aws:SourceArn` and `aws:SourceAccount` or `aws:PrincipalOrgID`.',
  requires: ['policies'],
  actions: ['lambda:GetPolicy'],
  run(snapshot) {
    return allGrants(snapshot.policies ?? [])
      .filter(
        (grant) =>
          grant.principal.kind === 'public' &&
          isInvokeCapable(grant) &&
          !isUrlScoped(grant) &&
          !hasRestrictiveCondition(grant.statement),
      )
      .map((grant) => {
        const { conditions } = grant.statement;
        const wildcards = conditions.filter(isWildcardCondition).map(describeCondition);
        return grantFinding(
          snapshot,
          grant,
          `lets principal '${grant.principal.value}' invoke the function ` +
            (conditions.length === 0
              ? 'with no condition.'
              : 'and none of its conditions pins the caller to a fixed account, source or network.'),
          {
            ...(conditions.length > 0 ? { nonRestrictiveConditions: conditions.map(describeCondition) } : {}),
            ...(wildcards.length > 0 ? { wildcardConditions: wildcards } : {}),
          },
        );
      });
  },
};
