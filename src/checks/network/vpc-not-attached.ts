import { isInternetExposed } from '../../exposure.js';
import { type Check, INVOCATION_AREAS } from '../check.js';

/**
 * Trips on a function with no `VpcConfig.VpcId` (it egresses from Lambda's shared network, with
 * no security group or VPC endpoint policy in the way). Info; low when internet-exposed, or when
 * what exposes it could not be read (dependsOn).
 */
export const vpcNotAttached: Check = {
  id: 'vpc-not-attached',
  severity: 'info',
  categories: ['network'],
  title: 'Function is not attached to a VPC',
  risk: 'Outbound traffic cannot be restricted by security groups, NACLs or VPC endpoint policies, so a compromised function can reach anything on the internet.',
  remediation:
    'Attach the function to private subnets with security groups that allow only the egress it needs, and reach AWS services through VPC endpoints.',
  dependsOn: { areas: INVOCATION_AREAS, severity: 'low' },
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  run(snapshot, context) {
    if (snapshot.configuration.VpcConfig?.VpcId) return [];
    // checks.md also asks that the role reach data stores; use exposure alone until role analysis lands.
    const exposed = isInternetExposed(context.exposure);
    return [
      {
        ...(exposed ? { severity: 'low' as const } : {}),
        detail: exposed
          ? 'The function is internet-exposed and not attached to a VPC.'
          : 'The function is not attached to a VPC.',
        evidence: { vpcId: null, internetExposed: exposed },
      },
    ];
  },
};
