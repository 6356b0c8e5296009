import { allows, describeQualifier, grantEvidence, publicUrlGrants } from '../../iam/resource-policy.js';
import type { Severity } from '../../model.js';
import { qualifierOfFunctionArn } from '../../triggers.js';
import type { Check } from '../check.js';
import { urlFinding } from './shared.js';

/**
 * Trips on a function URL with `AuthType: NONE`. Critical with the 2025 pair of public grants
 * `{"Principal": "*", "Action": "lambda:InvokeFunctionUrl", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}`
 * and `{"Principal": "*", "Action": "lambda:InvokeFunction", "Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}}`;
 * high with the first alone; medium (latent, 403 today) with neither.
 */
export const urlPublic: Check = {
  id: 'url-public',
  severity: 'critical',
  categories: ['exposure', 'internet-exposed'],
  title: 'Function URL allows unauthenticated invocation',
  risk: 'Anyone on the internet who learns the URL can call the function, with no identity and no limit but the function’s concurrency.',
  remediation:
    'Set the URL’s AuthType to AWS_IAM (`aws lambda update-function-url-config --auth-type AWS_IAM`) or delete it; ' +
    'if it must be public, authenticate in the handler and reserve concurrency.',
  requires: ['urlConfigs', 'policies'],
  actions: ['lambda:ListFunctionUrlConfigs', 'lambda:GetPolicy'],
  run(snapshot) {
    return (snapshot.urlConfigs ?? [])
      .filter((url) => url.AuthType === 'NONE')
      .map((url) => {
        const qualifier = qualifierOfFunctionArn(url.FunctionArn);
        const publicGrants = publicUrlGrants(snapshot.policies ?? [], qualifier, 'NONE');
        const urlGrant = publicGrants.some((g) => allows(g, 'lambda:InvokeFunctionUrl'));
        const invokeGrant = publicGrants.some((g) => allows(g, 'lambda:InvokeFunction'));
        const [severity, state]: [Severity, string] =
          urlGrant && invokeGrant
            ? ['critical', 'the policy grants the public lambda:InvokeFunctionUrl and lambda:InvokeFunction']
            : urlGrant
              ? [
                  'high',
                  'the policy grants the public lambda:InvokeFunctionUrl (reachable until AWS enforces the 2025 permission model)',
                ]
              : ['medium', 'no public grant exists yet, so it answers 403 until someone adds one'];
        return urlFinding(
          url,
          qualifier,
          `The function URL of ${describeQualifier(qualifier)} (${url.FunctionUrl}) has AuthType NONE; ${state}.`,
          {
            publicInvokeFunctionUrl: urlGrant,
            publicInvokeFunction: invokeGrant,
            publicGrants: publicGrants.map(grantEvidence),
          },
          severity,
        );
      });
  },
};
