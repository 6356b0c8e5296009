import type { Check } from '../check.js';

/**
 * Trips on a VPC-attached function whose subnets lie in fewer than two Availability Zones: one
 * zone's outage stops it. A subnet id the function names but EC2 no longer knows adds no zone.
 */
export const vpcSingleAz: Check = {
  id: 'vpc-single-az',
  severity: 'medium',
  categories: ['network'],
  title: 'VPC function runs in a single Availability Zone',
  risk: 'An outage of that one zone (or its subnet running out of addresses) stops every invocation.',
  remediation: "Add subnets in at least one more Availability Zone to the function's VPC configuration.",
  requires: ['configuration', 'subnets'],
  actions: ['ec2:DescribeSubnets'],
  run(snapshot) {
    const vpc = snapshot.configuration.VpcConfig;
    const ids = vpc?.VpcId ? (vpc.SubnetIds ?? []) : [];
    if (ids.length === 0) return [];
    const known = (snapshot.subnets ?? []).filter((s) => ids.includes(s.SubnetId));
    const zones = [...new Set(known.flatMap((s) => (s.AvailabilityZone ? [s.AvailabilityZone] : [])))].sort();
    if (zones.length >= 2) return [];
    const unknown = ids.filter((id) => !known.some((s) => s.SubnetId === id));
    return [
      {
        detail:
          zones.length === 1
            ? `All ${ids.length} subnet(s) of the function are in ${zones[0]}.`
            : "None of the function's subnets exists any more.",
        evidence: {
          vpcId: vpc?.VpcId,
          subnets: ids,
          availabilityZones: zones,
          ...(unknown.length ? { unknownSubnets: unknown } : {}),
        },
      },
    ];
  },
};
