import { dataStoreReach } from '../../iam/data-stores.js';
import { permissionsForRole } from '../../iam/role-permissions.js';
import type { IpPermission, SecurityGroup } from '../../model.js';
import type { Check } from '../check.js';
import { roleOf } from '../role/shared.js';

const EVERYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** "All egress": protocol -1 to 0.0.0.0/0 or ::/0 (checks.md, "Resolved details"). */
export function allowsAllEgress(rule: IpPermission): boolean {
  if (rule.IpProtocol !== '-1') return false;
  return (
    (rule.IpRanges ?? []).some((r) => EVERYWHERE.has(r.CidrIp ?? '')) ||
    (rule.Ipv6Ranges ?? []).some((r) => EVERYWHERE.has(r.CidrIpv6 ?? ''))
  );
}

function openGroups(groups: readonly SecurityGroup[], ids: readonly string[]): SecurityGroup[] {
  return groups.filter((g) => ids.includes(g.GroupId) && (g.IpPermissionsEgress ?? []).some(allowsAllEgress));
}

/**
 * Trips for each security group of the function that allows all egress (the default rule of a
 * new group): nothing limits where stolen data can go. Info; low when the role reaches data
 * stores; an unread role takes low, marked partial (dependsOn).
 */
export const vpcSgEgressOpen: Check = {
  id: 'vpc-sg-egress-open',
  severity: 'info',
  categories: ['network'],
  title: 'Security group lets the function send anything anywhere',
  risk: 'A compromised function can send the data it reads to any address on the internet; egress rules are the one network control that could stop it.',
  remediation:
    'Replace the all-traffic egress rule with rules for the ports and destinations the function needs (VPC endpoints, prefix lists, specific CIDRs).',
  dependsOn: { areas: ['role'], severity: 'low' },
  requires: ['configuration', 'securityGroups'],
  actions: ['ec2:DescribeSecurityGroups'],
  run(snapshot) {
    const vpc = snapshot.configuration.VpcConfig;
    if (!vpc?.VpcId) return [];
    const open = openGroups(snapshot.securityGroups ?? [], vpc.SecurityGroupIds ?? []);
    if (open.length === 0) return [];
    const role = roleOf(snapshot);
    // A missing role reaches nothing; an unread one leaves the answer open.
    const reach = role ? dataStoreReach(permissionsForRole(role)) : snapshot.role === null ? null : [];
    return open.map((group) => ({
      ...(reach && reach.length > 0 ? { severity: 'low' as const } : {}),
      key: group.GroupId,
      detail: `Security group ${group.GroupId}${group.GroupName ? ` (${group.GroupName})` : ''} allows all egress${reach && reach.length > 0 ? ', and the role reaches data stores' : ''}.`,
      evidence: {
        securityGroup: group.GroupId,
        roleReachesDataStores: reach === null ? null : reach.length > 0,
        dataStoreActions: (reach ?? []).slice(0, 10),
      },
    }));
  },
};
