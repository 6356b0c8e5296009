/**
 * The monitoring part of a fake region: CloudWatch metric alarms, CloudTrail trails, GuardDuty
 * detectors, and the EC2 subnets and security groups VPC functions use. Each is written in its
 * API's own response shape (PascalCase for CloudWatch, CloudTrail and EC2, camelCase for
 * GuardDuty); fields the fake does not interpret pass through.
 */
import type { Json, Passthrough } from './world.js';

/** CloudWatch's MetricAlarm; `AlarmArn` is derived, `ActionsEnabled` defaults to true. */
export interface WorldMetricAlarm extends Passthrough {
  AlarmName: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
}

/**
 * CloudTrail's Trail, defined in its home region (a multi-region trail also shows in the
 * account's other regions, as a shadow), with what GetEventSelectors and GetTrailStatus answer.
 */
export interface WorldTrail extends Passthrough {
  Name: string;
  IsMultiRegionTrail?: boolean;
  /** GetTrailStatus's IsLogging; default true. */
  IsLogging?: boolean;
  EventSelectors?: Json[];
  AdvancedEventSelectors?: Json[];
}

/** GuardDuty's GetDetector answer plus its id. */
export interface WorldDetector extends Passthrough {
  detectorId: string;
  status?: 'ENABLED' | 'DISABLED';
  features?: { name: string; status: 'ENABLED' | 'DISABLED' }[];
}

/** EC2's Subnet (the fields the fake renders). */
export interface WorldSubnet {
  SubnetId: string;
  VpcId: string;
  AvailabilityZone: string;
  AvailabilityZoneId?: string;
  CidrBlock?: string;
}

export interface WorldIpPermission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6: string; Description?: string }[];
  PrefixListIds?: { PrefixListId: string }[];
}

/** EC2's SecurityGroup (the fields the fake renders). */
export interface WorldSecurityGroup {
  GroupId: string;
  GroupName?: string;
  VpcId: string;
  Description?: string;
  IpPermissions?: WorldIpPermission[];
  IpPermissionsEgress?: WorldIpPermission[];
}

/** The fields a region may carry for these services. */
export interface WorldMonitoring {
  metricAlarms?: WorldMetricAlarm[];
  trails?: WorldTrail[];
  guardDutyDetectors?: WorldDetector[];
  subnets?: WorldSubnet[];
  securityGroups?: WorldSecurityGroup[];
}
