import { allGrants, isInvokeCapable, isSourceCondition } from '../../iam/resource-policy.js';
import type { Check } from '../check.js';
import { grantFinding } from './shared.js';

/** Services that call with no source resource to pin (rotation, EKS), per checks.md. */
const EXEMPT_SERVICES = new Set(['secretsmanager.amazonaws.com', 'eks.amazonaws.com']);

/**
 * Trips on what `aws lambda add-permission --principal sns.amazonaws.com --action lambda:InvokeFunction`
 * writes without `--source-arn`/`--source-account`:
 * `{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "lambda:InvokeFunction"}`.
 */
export const policyServiceNoSource: Check = {
  id: 'policy-service-no-source',
  severity: 'high',
  categories: ['exposure'],
  title: 'Service may invoke the function on behalf of any AWS customer',
  risk:
    'Without aws:SourceArn or aws:SourceAccount, any customer’s bucket, topic, rule or API of that service can ' +
    'trigger the function (confused deputy).',
  remediation:
    'Re-add the permission with `--source-arn <the bucket, topic, rule or API ARN>` and `--source-account <account id>`, ' +
    'then remove the unconditioned statement.',
  requires: ['policies'],
  actions: ['lambda:GetPolicy'],
  run(snapshot) {
    return allGrants(snapshot.policies ?? [])
      .filter(
        (grant) =>
          grant.principal.kind === 'service' &&
          !EXEMPT_SERVICES.has(grant.principal.value.toLowerCase()) &&
          isInvokeCapable(grant) &&
          !grant.statement.conditions.some(
            (c) => isSourceCondition(c) || (c.keyLower === 'lambda:eventsourcetoken' && !c.ifExists),
          ),
      )
      .map((grant) =>
        grantFinding(
          snapshot,
          grant,
          `lets ${grant.principal.value} invoke the function with no aws:SourceArn or aws:SourceAccount condition.`,
        ),
      );
  },
};
