/**
 * The monitoring reads: CloudWatch alarms, CloudTrail trails and GuardDuty detectors once per
 * account and region (shared by every function there), and the EC2 subnets and security groups
 * of VPC functions, batched by id. Every failed call becomes a gap naming its IAM action; a read
 * that failed is null, never "none".
 */
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { paginateDescribeSecurityGroups, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import type { AwsClients } from '../aws/clients.js';
import type {
  AccountSnapshot,
  FunctionConfiguration,
  GuardDutyDetector,
  MetricAlarm,
  SecurityGroup,
  Subnet,
  Trail,
  Unverified,
} from '../model.js';
import { alarmConcerns } from '../monitoring/alarms.js';
import { allPages, attempt } from './attempt.js';
import { toDetector, toMetricAlarm, toSecurityGroup, toSubnet, toTrail } from './monitoring-shapes.js';

/** A read's value, or null, and the gaps that explain what is missing. */
export interface Read<T> {
  value: T | null;
  gaps: Unverified[];
}

/** What one account and region share: started once, awaited by every function of the region. */
export interface RegionMonitoring {
  alarms: Promise<Read<MetricAlarm[]>>;
  trails: Promise<Read<Trail[]>>;
  /** For the account-and-region checks (GuardDuty), not for any one function. */
  guardDuty: Promise<Read<{ detectors: GuardDutyDetector[] }>>;
}

/** Subnets and security groups by id. */
export interface NetworkRead {
  subnets: Read<Map<string, Subnet>>;
  securityGroups: Read<Map<string, SecurityGroup>>;
}

/** EC2 filters take at most 200 values each. */
const FILTER_VALUES = 200;

async function read<T>(area: string, api: string, run: () => Promise<T>): Promise<Read<T>> {
  const gaps: Unverified[] = [];
  const value = await attempt(gaps, area, api, run);
  return { value, gaps };
}

/** Every metric alarm of the region that reads some `AWS/Lambda` metric. */
async function lambdaAlarms(clients: AwsClients): Promise<MetricAlarm[]> {
  const alarms = await allPages(
    paginateDescribeAlarms({ client: clients.cloudwatch, pageSize: 100 }, { AlarmTypes: ['MetricAlarm'] }),
    (p) => p.MetricAlarms?.map(toMetricAlarm),
  );
  return alarms.filter((a) => a.Namespace === 'AWS/Lambda' || (a.Metrics ?? []).length > 0);
}

/** The trails visible in the region, each with its status and selectors (by ARN: shadows answer only to it). */
async function trails(clients: AwsClients, gaps: Unverified[]): Promise<Trail[]> {
  const { trailList = [] } = await clients.cloudtrail.send(
    new DescribeTrailsCommand({ includeShadowTrails: true }),
  );
  return Promise.all(
    trailList.map(async (described) => {
      const arn = described.TrailARN ?? described.Name ?? '';
      const [status, selectors] = await Promise.all([
        attempt(gaps, 'cloudtrail', 'cloudtrail:GetTrailStatus', () =>
          clients.cloudtrail.send(new GetTrailStatusCommand({ Name: arn })),
        ),
        attempt(gaps, 'cloudtrail', 'cloudtrail:GetEventSelectors', () =>
          clients.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn })),
        ),
      ]);
      return toTrail(described, status, selectors, clients.region);
    }),
  );
}

async function detectors(clients: AwsClients): Promise<{ detectors: GuardDutyDetector[] }> {
  const ids = await allPages(paginateListDetectors({ client: clients.guardduty }, {}), (p) => p.DetectorIds);
  const found = await Promise.all(
    ids.map(async (id) =>
      toDetector(id, await clients.guardduty.send(new GetDetectorCommand({ DetectorId: id }))),
    ),
  );
  return { detectors: found };
}

/** Starts the account-and-region reads. */
export function readRegionMonitoring(clients: AwsClients): RegionMonitoring {
  return {
    alarms: read('monitoring', 'cloudwatch:DescribeAlarms', () => lambdaAlarms(clients)),
    trails: (async () => {
      const gaps: Unverified[] = [];
      const value = await attempt(gaps, 'cloudtrail', 'cloudtrail:DescribeTrails', () =>
        trails(clients, gaps),
      );
      return { value, gaps };
    })(),
    guardDuty: readGuardDuty(clients),
  };
}

/** The region's GuardDuty detectors: all an account snapshot needs (a re-audit of one reads only this). */
export function readGuardDuty(clients: AwsClients): RegionMonitoring['guardDuty'] {
  return read('monitoring', 'guardduty:ListDetectors', () => detectors(clients));
}

function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += FILTER_VALUES) out.push(ids.slice(i, i + FILTER_VALUES));
  return out;
}

/** One EC2 listing for many ids: a filter of 200 ids a call, 1,000 items a page. */
async function byIds<T>(ids: readonly string[], list: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(chunks([...new Set(ids)]).map(list))).flat();
}

/** Reads the named subnets and security groups. */
export async function readNetwork(
  clients: AwsClients,
  subnetIds: readonly string[],
  groupIds: readonly string[],
): Promise<NetworkRead> {
  const client = { client: clients.ec2, pageSize: 1000 };
  const [subnets, securityGroups] = await Promise.all([
    read('network', 'ec2:DescribeSubnets', async () => {
      const found = await byIds(subnetIds, (ids) =>
        allPages(paginateDescribeSubnets(client, { Filters: [{ Name: 'subnet-id', Values: ids }] }), (p) =>
          p.Subnets?.map(toSubnet),
        ),
      );
      return new Map(found.map((s) => [s.SubnetId, s]));
    }),
    read('network', 'ec2:DescribeSecurityGroups', async () => {
      const found = await byIds(groupIds, (ids) =>
        allPages(
          paginateDescribeSecurityGroups(client, { Filters: [{ Name: 'group-id', Values: ids }] }),
          (p) => p.SecurityGroups?.map(toSecurityGroup),
        ),
      );
      return new Map(found.map((g) => [g.GroupId, g]));
    }),
  ]);
  return { subnets, securityGroups };
}

/** The VPC subnet and security-group ids of some functions. */
export function vpcIds(configs: readonly Pick<FunctionConfiguration, 'VpcConfig'>[]): {
  subnetIds: string[];
  groupIds: string[];
} {
  const attached = configs.filter((c) => c.VpcConfig?.VpcId);
  return {
    subnetIds: [...new Set(attached.flatMap((c) => c.VpcConfig?.SubnetIds ?? []))],
    groupIds: [...new Set(attached.flatMap((c) => c.VpcConfig?.SecurityGroupIds ?? []))],
  };
}

/** What a function's snapshot carries from these reads. */
export type FunctionMonitoring = {
  alarms: MetricAlarm[] | null;
  trails: Trail[] | null;
  subnets: Subnet[] | null;
  securityGroups: SecurityGroup[] | null;
};

/**
 * The monitoring part of one function's snapshot: the region's alarms that concern it, the
 * region's trails, and its own subnets and security groups (from a scan's batch when given,
 * else read for it alone). The shared reads' gaps become the function's.
 */
export async function functionMonitoring(
  clients: AwsClients,
  configuration: FunctionConfiguration,
  region: RegionMonitoring,
  network: Promise<NetworkRead> | null,
  gaps: Unverified[],
): Promise<FunctionMonitoring> {
  const take = <T>(r: Read<T>): T | null => {
    for (const gap of r.gaps) if (!gaps.some((g) => g.api === gap.api)) gaps.push(gap);
    return r.value;
  };
  const { subnetIds, groupIds } = vpcIds([configuration]);
  const attached = subnetIds.length > 0 || groupIds.length > 0;
  const [alarms, trailsRead, net] = await Promise.all([
    region.alarms,
    region.trails,
    attached ? (network ?? readNetwork(clients, subnetIds, groupIds)) : null,
  ]);
  const name = configuration.FunctionName;
  const allAlarms = take(alarms);
  const subnets = net ? take(net.subnets) : new Map<string, Subnet>();
  const groups = net ? take(net.securityGroups) : new Map<string, SecurityGroup>();
  const pick = <T>(map: Map<string, T> | null, ids: string[]) =>
    map ? ids.flatMap((id) => (map.has(id) ? [map.get(id) as T] : [])) : null;
  return {
    alarms: allAlarms ? allAlarms.filter((a) => alarmConcerns(a, name)) : null,
    trails: take(trailsRead),
    subnets: pick(subnets, subnetIds),
    securityGroups: pick(groups, groupIds),
  };
}

/**
 * An account and region's monitoring reads, reused for a few minutes by single audits (alarms,
 * trails and GuardDuty change rarely; each audit need not read them again). A read that ended in
 * a gap is not kept: the next audit tries again.
 */
export class MonitoringCache {
  private readonly entries = new Map<string, { at: number; reads: RegionMonitoring }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, clients: AwsClients, now: Date): RegionMonitoring {
    const entry = this.entries.get(key);
    if (entry && now.getTime() - entry.at <= this.ttlMs) return entry.reads;
    const reads = readRegionMonitoring(clients);
    this.entries.set(key, { at: now.getTime(), reads });
    const forget = (r: Read<unknown>) => {
      if (r.gaps.length > 0 && this.entries.get(key)?.reads === reads) this.entries.delete(key);
    };
    for (const read of [reads.alarms, reads.trails, reads.guardDuty]) void read.then(forget);
    return reads;
  }
}

/** The account snapshot of one account and region, from its shared reads. */
export async function collectAccount(
  region: Pick<RegionMonitoring, 'guardDuty'>,
  accountId: string,
  regionName: string,
  now: Date,
): Promise<AccountSnapshot> {
  const guardDuty = await region.guardDuty;
  return {
    collectedAt: now.toISOString(),
    accountId,
    region: regionName,
    guardDuty: guardDuty.value,
    unverified: guardDuty.gaps,
  };
}
