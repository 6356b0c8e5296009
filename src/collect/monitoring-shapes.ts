/*
 * SDK shapes -> snapshot shapes for CloudWatch, CloudTrail, GuardDuty and EC2: AWS's field names,
 * only the fields the checks read, plain JSON.
 */
import type {
  GetEventSelectorsCommandOutput,
  GetTrailStatusCommandOutput,
  Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import type { Dimension as SdkDimension, MetricAlarm as SdkMetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { SecurityGroup as SdkSecurityGroup, Subnet as SdkSubnet } from '@aws-sdk/client-ec2';
import type { GetDetectorCommandOutput } from '@aws-sdk/client-guardduty';
import type {
  GuardDutyDetector,
  MetricAlarm,
  MetricDimension,
  SecurityGroup,
  Subnet,
  Trail,
} from '../model.js';

function dimensions(list: SdkDimension[] | undefined): MetricDimension[] {
  return (list ?? []).map((d) => ({ Name: d.Name ?? '', Value: d.Value ?? '' }));
}

export function toMetricAlarm(sdk: SdkMetricAlarm): MetricAlarm {
  return {
    AlarmName: sdk.AlarmName ?? '',
    ...(sdk.AlarmArn ? { AlarmArn: sdk.AlarmArn } : {}),
    ActionsEnabled: sdk.ActionsEnabled === true,
    AlarmActions: sdk.AlarmActions ?? [],
    ...(sdk.Namespace ? { Namespace: sdk.Namespace } : {}),
    ...(sdk.MetricName ? { MetricName: sdk.MetricName } : {}),
    Dimensions: dimensions(sdk.Dimensions),
    ...(sdk.Metrics
      ? {
          Metrics: sdk.Metrics.map((m) => ({
            Id: m.Id ?? '',
            ...(m.Expression ? { Expression: m.Expression } : {}),
            ...(m.MetricStat?.Metric
              ? {
                  MetricStat: {
                    Metric: {
                      Namespace: m.MetricStat.Metric.Namespace,
                      MetricName: m.MetricStat.Metric.MetricName,
                      Dimensions: dimensions(m.MetricStat.Metric.Dimensions),
                    },
                  },
                }
              : {}),
          })),
        }
      : {}),
    ...(sdk.ThresholdMetricId ? { ThresholdMetricId: sdk.ThresholdMetricId } : {}),
  };
}

export function toTrail(
  sdk: SdkTrail,
  status: GetTrailStatusCommandOutput | null,
  selectors: GetEventSelectorsCommandOutput | null,
  region: string,
): Trail {
  return {
    Name: sdk.Name ?? '',
    TrailARN: sdk.TrailARN ?? '',
    HomeRegion: sdk.HomeRegion ?? region,
    IsMultiRegionTrail: sdk.IsMultiRegionTrail === true,
    IsLogging: status ? status.IsLogging === true : null,
    selectors: selectors
      ? JSON.parse(
          JSON.stringify({
            EventSelectors: selectors.EventSelectors,
            AdvancedEventSelectors: selectors.AdvancedEventSelectors,
          }),
        )
      : null,
  };
}

export function toDetector(id: string, sdk: GetDetectorCommandOutput): GuardDutyDetector {
  return {
    DetectorId: id,
    ...(sdk.Status ? { Status: sdk.Status } : {}),
    Features: (sdk.Features ?? []).map((f) => ({ Name: f.Name, Status: f.Status })),
  };
}

export function toSubnet(sdk: SdkSubnet): Subnet {
  return { SubnetId: sdk.SubnetId ?? '', VpcId: sdk.VpcId, AvailabilityZone: sdk.AvailabilityZone };
}

export function toSecurityGroup(sdk: SdkSecurityGroup): SecurityGroup {
  return {
    GroupId: sdk.GroupId ?? '',
    GroupName: sdk.GroupName,
    VpcId: sdk.VpcId,
    IpPermissionsEgress: (sdk.IpPermissionsEgress ?? []).map((p) => ({
      IpProtocol: p.IpProtocol,
      FromPort: p.FromPort,
      ToPort: p.ToPort,
      IpRanges: (p.IpRanges ?? []).map((r) => ({ CidrIp: r.CidrIp })),
      Ipv6Ranges: (p.Ipv6Ranges ?? []).map((r) => ({ CidrIpv6: r.CidrIpv6 })),
    })),
  };
}
