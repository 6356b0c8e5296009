/**
 * The monitoring and network part of the model: what CloudWatch, CloudTrail, GuardDuty and EC2
 * say about a function and its account and region, shaped after their API responses (PascalCase,
 * as the SDK returns them). `model.ts` re-exports all of it.
 */
export interface MetricDimension {
  Name: string;
  Value: string;
}

export interface MetricRef {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: MetricDimension[];
}

/** CloudWatch's MetricAlarm, the fields the checks read. */
export interface MetricAlarm {
  AlarmName: string;
  AlarmArn?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  Namespace?: string;
  MetricName?: string;
  Dimensions?: MetricDimension[];
  /** Metric math: every metric the expression reads, plus the expression itself. */
  Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric?: MetricRef } }[];
  /** Set on anomaly-detection alarms: the band's id among `Metrics`. */
  ThresholdMetricId?: string;
}

export interface DataResource {
  Type?: string;
  Values?: string[];
}

export interface EventSelector {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
  DataResources?: DataResource[];
}

export interface AdvancedFieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: AdvancedFieldSelector[];
}

/** A trail visible in a region (its own, or a multi-region trail from elsewhere). */
export interface Trail {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  /** GetTrailStatus; null when it could not be read. */
  IsLogging: boolean | null;
  /** GetEventSelectors; null when they could not be read. */
  selectors: { EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] } | null;
}

export interface Subnet {
  SubnetId: string;
  VpcId?: string;
  AvailabilityZone?: string;
}

export interface IpPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string }[];
}

export interface SecurityGroup {
  GroupId: string;
  GroupName?: string;
  VpcId?: string;
  IpPermissionsEgress?: IpPermission[];
}

/** GuardDuty's GetDetector, the fields the checks read. */
export interface GuardDutyDetector {
  DetectorId: string;
  Status?: string;
  Features?: { Name?: string; Status?: string }[];
}
