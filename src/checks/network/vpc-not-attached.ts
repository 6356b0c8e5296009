import { isInternetExposed } from '../../exposure.js';
import { dataStoreReach } from '../../iam/data-stores.js';
import { permissionsForRole } from '../../iam/role-permissions.js';
import { type Check, INVOCATION_AREAS } from '../check.js';
import { roleOf } from '../role/shared.js';

/**
 * Trips on a function with no `VpcConfig.VpcId` (it egresses from Lambda's shared network, with
 * no security group or VPC endpoint policy in the way). Info; low when the function is
 * internet-exposed and its role reaches data stores (src/iam/data-stores.ts), or when what
 * exposes it or its role could not be read (dependsOn).
 */
export const vpcNotAttached: Check = {
  id: 'vpc-not-attached',
  severity: 'info',
  categories: ['network'],
  title: 'Function is not attached to a VPC',
  risk: 'Outbound traffic cannot be restricted by security groups, NACLs or VPC endpoint policies, so a compromised function can reach anything on the internet.',
  remediation:
    'Attach the function to private subnets with security groups that allow only the egress it needs, and reach AWS services through VPC endpoints.',
  dependsOn: { areas: [...INVOCATION_AREAS, 'role'], severity: 'low' },
  requires: ['configuration'],
  actions: ['lambda:GetFunction'],
  run(snapshot, context) {
    if (snapshot.configuration.VpcConfig?.VpcId) return [];
    const exposed = isInternetExposed(context.exposure);
    const role = roleOf(snapshot);
    // A missing role reaches nothing; an unread one leaves the answer open (null).
    const reach = role ? dataStoreReach(permissionsForRole(role)) : snapshot.role === null ? null : [];
    const reaches = reach === null ? null : reach.length > 0;
    const low = exposed && reaches === true;
    return [
      {
        ...(low ? { severity: 'low' as const } : {}),
        detail: low
          ? 'The function is internet-exposed, its role reaches data stores, and it is not attached to a VPC.'
          : 'The function is not attached to a VPC.',
        evidence: {
          vpcId: null,
          internetExposed: exposed,
          roleReachesDataStores: reaches,
          ...(reach && reach.length > 0 ? { dataStoreActions: reach.slice(0, 10) } : {}),
        },
      },
    ];
  },
};
