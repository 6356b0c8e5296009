import { allGrants, broadActions, isEffectivelyPublic } from '../../iam/resource-policy.js';
import type { Check } from '../check.js';
import { grantFinding } from './shared.js';

/**
 * Trips on a grant beyond invocation to anyone but the function's own account, e.g.
 * `{"Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": ["lambda:GetFunction", "lambda:UpdateFunctionCode"]}`
 * or `{"Principal": "*", "Action": "lambda:*"}` (critical).
 */
export const policyBroadActions: Check = {
  id: 'policy-broad-actions',
  severity: 'high',
  categories: ['exposure'],
  title: 'Resource policy grants more than invocation to another principal',
  risk:
    'Beyond invoking, the principal can read the code (lambda:GetFunction returns a download URL), change it, or ' +
    'reconfigure the function.',
  remediation:
    'Grant only lambda:InvokeFunction (and lambda:InvokeFunctionUrl for URLs); manage the function from its own account.',
  requires: ['policies'],
  actions: ['lambda:GetPolicy'],
  run(snapshot) {
    return allGrants(snapshot.policies ?? []).flatMap((grant) => {
      const own = grant.principal.kind === 'account' && grant.principal.accountId === snapshot.accountId;
      const broad = broadActions(grant);
      if (own || broad.length === 0) return [];
      const isPublic = isEffectivelyPublic(grant);
      return [
        grantFinding(
          snapshot,
          grant,
          `grants ${broad.join(', ')} to ${isPublic ? 'everyone' : grant.principal.value}.`,
          { broadActions: broad },
          isPublic ? 'critical' : undefined,
        ),
      ];
    });
  },
};
