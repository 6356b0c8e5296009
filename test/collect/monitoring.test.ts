import { describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { collectFunction } from '../../src/collect/function.js';
import { MonitoringCache, readNetwork, readRegionMonitoring } from '../../src/collect/monitoring.js';
import { CREDENTIALS } from '../fakes/sample-world.js';
import { REGION, useSampleAws } from './sample-clients.js';

const aws = useSampleAws();

describe('monitoring reads through the real SDK', () => {
  it("keeps the function's alarms, the region's trails, and its own subnets and security groups", async () => {
    const snapshot = await collectFunction(aws.clients, 'kafka-consumer', aws.options);
    expect(snapshot.alarms?.map((a) => a.AlarmName)).toEqual(['kafka-consumer-error-rate']);
    expect(
      snapshot.alarms?.[0]?.Metrics?.map((m) => m.MetricStat?.Metric?.MetricName ?? m.Expression),
    ).toEqual(['100 * errors / invocations', 'Errors', 'Invocations']);
    expect(snapshot.trails?.map((t) => [t.Name, t.IsLogging, t.IsMultiRegionTrail])).toEqual([
      ['org-audit', true, true],
    ]);
    expect(snapshot.subnets).toEqual([
      { SubnetId: 'subnet-0aa11', VpcId: 'vpc-0a1b2c3d', AvailabilityZone: 'eu-central-1a' },
    ]);
    expect(snapshot.securityGroups?.[0]?.IpPermissionsEgress?.[0]).toMatchObject({
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      Ipv6Ranges: [{ CidrIpv6: '::/0' }],
    });
    expect(snapshot.unverified).toEqual([]);
  });

  it('sees a multi-region trail from another region, and a single-region trail only at home', async () => {
    const east = createClients({
      region: 'us-east-1',
      endpoint: aws.fake.url,
      credentials: CREDENTIALS,
    });
    const { value } = await readRegionMonitoring(east).trails;
    expect(value?.map((t) => [t.Name, t.HomeRegion, t.IsLogging])).toEqual([
      ['org-audit', REGION, true],
      ['legacy-us-east-1', 'us-east-1', false],
    ]);
  });

  it('reads alarms and trails once for every function of the region', async () => {
    const monitoring = readRegionMonitoring(aws.clients);
    for (const fn of ['orders-api', 'public-webhook', 'reports-api'])
      await collectFunction(aws.clients, fn, { ...aws.options, monitoring });
    expect(aws.fake.counts().calls).toMatchObject({
      'cloudwatch:DescribeAlarms': 1,
      'cloudtrail:DescribeTrails': 1,
      'cloudtrail:GetTrailStatus': 1,
      'cloudtrail:GetEventSelectors': 1,
    });
  });

  it('turns a denied GetEventSelectors into a gap naming it, and the trail into unknown selectors', async () => {
    aws.fake.setKnobs({ accessDenied: ['cloudtrail:GetEventSelectors'] });
    const snapshot = await collectFunction(aws.clients, 'orders-api', aws.options);
    expect(snapshot.trails?.[0]).toMatchObject({ Name: 'org-audit', IsLogging: true, selectors: null });
    expect(snapshot.unverified.map((g) => g.api)).toEqual(['cloudtrail:GetEventSelectors']);
  });

  it.each([
    ['cloudwatch:DescribeAlarms', 'alarms'],
    ['cloudtrail:DescribeTrails', 'trails'],
    ['ec2:DescribeSubnets', 'subnets'],
    ['ec2:DescribeSecurityGroups', 'securityGroups'],
  ] as const)('turns a denied %s into null %s and a gap', async (api, field) => {
    aws.fake.setKnobs({ accessDenied: [api] });
    const snapshot = await collectFunction(aws.clients, 'orders-api', aws.options);
    expect(snapshot[field]).toBeNull();
    expect(snapshot.unverified.map((g) => g.api)).toEqual([api]);
  });

  it('asks EC2 about 200 ids a filter', async () => {
    const ids = Array.from({ length: 201 }, (_, i) => `subnet-${i}`);
    const read = await readNetwork(aws.clients, [...ids, 'subnet-0aa11'], ['sg-0cc33']);
    expect([...(read.subnets.value?.keys() ?? [])]).toEqual(['subnet-0aa11']);
    expect(aws.fake.counts().calls).toEqual({ 'ec2:DescribeSubnets': 2, 'ec2:DescribeSecurityGroups': 1 });
  });

  it('reuses an account and region read for a few minutes, and retries one that left a gap', async () => {
    const cache = new MonitoringCache(300_000);
    const now = new Date();
    aws.fake.setKnobs({ accessDenied: ['cloudwatch:DescribeAlarms'] });
    await cache.get('a|eu-central-1', aws.clients, now).alarms;
    aws.fake.setKnobs({ accessDenied: [] });
    const second = cache.get('a|eu-central-1', aws.clients, now);
    expect((await second.alarms).value?.length).toBeGreaterThan(0);
    expect(cache.get('a|eu-central-1', aws.clients, new Date(now.getTime() + 60_000))).toBe(second);
    expect(cache.get('a|eu-central-1', aws.clients, new Date(now.getTime() + 400_000))).not.toBe(second);
  });
});
