import { allGrants, conditionValues, isInvokeCapable, isRestrictive } from '../../iam/resource-policy.js';
import type { Check } from '../check.js';
import { grantFinding } from './shared.js';

/**
 * Trips on an S3 notification permission pinned by bucket ARN alone:
 * `{"Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction",
 *   "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::orders-uploads"}}}`
 * with no `StringEquals aws:SourceAccount`.
 */
export const policyS3NoSourceAccount: Check = {
  id: 'policy-s3-no-source-account',
  severity: 'high',
  categories: ['exposure'],
  title: 'S3 may invoke the function from a bucket of any account',
  risk: 'Bucket ARNs carry no account: if the bucket is deleted, whoever registers its name can trigger the function.',
  remediation:
    'Re-add the permission with `--source-account <bucket owner account id>` alongside `--source-arn`, then remove the old statement.',
  requires: ['policies'],
  actions: ['lambda:GetPolicy'],
  run(snapshot) {
    return allGrants(snapshot.policies ?? [])
      .filter(
        (grant) =>
          grant.principal.kind === 'service' &&
          grant.principal.value.toLowerCase() === 's3.amazonaws.com' &&
          isInvokeCapable(grant) &&
          conditionValues(grant.statement, 'aws:sourcearn').length > 0 &&
          !grant.statement.conditions.some((c) => c.keyLower === 'aws:sourceaccount' && isRestrictive(c)),
      )
      .map((grant) => {
        const sourceArns = conditionValues(grant.statement, 'aws:sourcearn');
        return grantFinding(
          snapshot,
          grant,
          `lets S3 invoke the function for bucket ${sourceArns.join(', ')} without a fixed aws:SourceAccount.`,
          { sourceArns },
        );
      });
  },
};
