import { allows, describeQualifier, grantEvidence, publicUrlGrants } from '../../iam/resource-policy.js';
import { qualifierOfFunctionArn } from '../../triggers.js';
import type { Check } from '../check.js';
import { urlFinding } from './shared.js';

/**
 * Trips on a URL with `AuthType: AWS_IAM` whose policy still says
 * `{"Principal": "*", "Action": "lambda:InvokeFunctionUrl", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}}}`:
 * IAM auth only proves the caller has *some* AWS identity.
 */
export const urlIamPublicPolicy: Check = {
  id: 'url-iam-public-policy',
  severity: 'high',
  categories: ['exposure'],
  title: 'IAM-authenticated function URL is open to every AWS account',
  risk: 'Any signed request from any AWS account passes: AWS_IAM auth with a public grant is authentication without authorisation.',
  remediation:
    'Replace the public statement with grants to the accounts or roles that call the URL, or add `aws:PrincipalOrgID`.',
  requires: ['urlConfigs', 'policies'],
  actions: ['lambda:ListFunctionUrlConfigs', 'lambda:GetPolicy'],
  run(snapshot) {
    return (snapshot.urlConfigs ?? [])
      .filter((url) => url.AuthType === 'AWS_IAM')
      .flatMap((url) => {
        const qualifier = qualifierOfFunctionArn(url.FunctionArn);
        const publicGrants = publicUrlGrants(snapshot.policies ?? [], qualifier, 'AWS_IAM').filter((g) =>
          allows(g, 'lambda:InvokeFunctionUrl'),
        );
        if (publicGrants.length === 0) return [];
        return [
          urlFinding(
            url,
            qualifier,
            `The function URL of ${describeQualifier(qualifier)} (${url.FunctionUrl}) uses AWS_IAM, but its policy grants lambda:InvokeFunctionUrl to every AWS principal.`,
            { publicGrants: publicGrants.map(grantEvidence) },
          ),
        ];
      });
  },
};
