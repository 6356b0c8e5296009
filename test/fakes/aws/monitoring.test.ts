import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import { ACCOUNT, CREDENTIALS, REGION } from './test-world.js';
import type { World } from './world.js';

const OTHER_REGION = 'us-east-1';

const world: World = {
  accounts: {
    [ACCOUNT]: {
      regions: {
        [REGION]: {
          metricAlarms: ['a-errors', 'b-errors', 'c-throttles'].map((AlarmName) => ({
            AlarmName,
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }],
            AlarmActions: ['arn:aws:sns:eu-central-1:123456789012:oncall'],
          })),
          trails: [{ Name: 'local', IsLogging: false }],
          guardDutyDetectors: [
            { detectorId: 'd1', features: [{ name: 'LAMBDA_NETWORK_LOGS', status: 'ENABLED' }] },
            { detectorId: 'd2', status: 'DISABLED' },
          ],
          subnets: ['a', 'b', 'c', 'd', 'e', 'f'].map((az, i) => ({
            SubnetId: `subnet-${i}`,
            VpcId: 'vpc-1',
            AvailabilityZone: `${REGION}${az}`,
          })),
          securityGroups: [
            {
              GroupId: 'sg-open',
              VpcId: 'vpc-1',
              IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            },
          ],
        },
        [OTHER_REGION]: {
          trails: [
            {
              Name: 'org-wide',
              IsMultiRegionTrail: true,
              AdvancedEventSelectors: [
                {
                  Name: 'lambda',
                  FieldSelectors: [{ Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }],
                },
              ],
            },
          ],
        },
      },
    },
  },
};

let fake: FakeAws;
const common = () => ({ endpoint: fake.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });

beforeAll(async () => {
  fake = await startFakeAws({ world });
});
afterEach(() => {
  fake.setKnobs({ rateLimits: {}, failures: {}, accessDenied: [] });
  fake.reset();
});
afterAll(async () => {
  await fake.close();
});

async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; $metadata: { httpStatusCode?: number } }> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as { name: string; $metadata: { httpStatusCode?: number } },
  );
}

describe('fake CloudWatch (JSON 1.0, query-compatible errors)', () => {
  it('pages DescribeAlarms with MaxRecords and NextToken', async () => {
    const client = new CloudWatchClient(common());
    const names: string[] = [];
    for await (const page of paginateDescribeAlarms({ client, pageSize: 2 }, {})) {
      names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName ?? ''));
    }
    expect(names).toEqual(['a-errors', 'b-errors', 'c-throttles']);
    expect(fake.counts().calls).toEqual({ 'cloudwatch:DescribeAlarms': 2 });
    const [first] =
      (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['a-errors'] }))).MetricAlarms ?? [];
    expect(first).toMatchObject({
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:a-errors`,
      ActionsEnabled: true,
      Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }],
    });
    expect(first?.StateUpdatedTimestamp).toBeInstanceOf(Date);
  });

  it('answers errors by their query code', async () => {
    const client = new CloudWatchClient(common());
    expect(await failure(client.send(new DescribeAlarmsCommand({ NextToken: 'bogus' })))).toMatchObject({
      name: 'InvalidNextToken',
    });
    fake.setKnobs({ accessDenied: ['cloudwatch:DescribeAlarms'] });
    expect(await failure(client.send(new DescribeAlarmsCommand({})))).toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    fake.setKnobs({ accessDenied: [], rateLimits: { 'cloudwatch:*': 1 } });
    await client.send(new DescribeAlarmsCommand({}));
    expect(await failure(client.send(new DescribeAlarmsCommand({})))).toMatchObject({ name: 'Throttling' });
  });
});

describe('fake CloudTrail (JSON 1.1)', () => {
  it('shows a multi-region trail in other regions as a shadow reachable by ARN only', async () => {
    const client = new CloudTrailClient(common());
    const { trailList = [] } = await client.send(new DescribeTrailsCommand({}));
    expect(trailList.map((t) => [t.Name, t.HomeRegion, t.IsMultiRegionTrail])).toEqual([
      ['local', REGION, false],
      ['org-wide', OTHER_REGION, true],
    ]);
    const shadow = trailList[1]?.TrailARN ?? '';
    expect(await failure(client.send(new GetTrailStatusCommand({ Name: 'org-wide' })))).toMatchObject({
      name: 'TrailNotFoundException',
    });
    expect((await client.send(new GetTrailStatusCommand({ Name: shadow }))).IsLogging).toBe(true);
    expect((await client.send(new GetTrailStatusCommand({ Name: 'local' }))).IsLogging).toBe(false);
    const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: shadow }));
    expect(selectors.AdvancedEventSelectors?.[0]?.FieldSelectors?.[0]?.Equals).toEqual([
      'AWS::Lambda::Function',
    ]);
    const classic = await client.send(new GetEventSelectorsCommand({ TrailName: 'local' }));
    expect(classic.EventSelectors?.[0]).toMatchObject({ IncludeManagementEvents: true, DataResources: [] });
  });

  it('answers AccessDenied and throttling in its own shape', async () => {
    const client = new CloudTrailClient(common());
    fake.setKnobs({ accessDenied: ['cloudtrail:GetEventSelectors'] });
    expect(await failure(client.send(new GetEventSelectorsCommand({ TrailName: 'local' })))).toMatchObject({
      name: 'AccessDeniedException',
    });
    fake.setKnobs({ accessDenied: [], rateLimits: { 'cloudtrail:*': 1 } });
    await client.send(new DescribeTrailsCommand({}));
    expect(await failure(client.send(new DescribeTrailsCommand({})))).toMatchObject({
      name: 'ThrottlingException',
    });
  });
});

describe('fake GuardDuty (REST-JSON)', () => {
  it('pages ListDetectors and answers GetDetector with its features', async () => {
    const client = new GuardDutyClient(common());
    const ids: string[] = [];
    for await (const page of paginateListDetectors({ client, pageSize: 1 }, {}))
      ids.push(...(page.DetectorIds ?? []));
    expect(ids).toEqual(['d1', 'd2']);
    const d1 = await client.send(new GetDetectorCommand({ DetectorId: 'd1' }));
    expect(d1.Status).toBe('ENABLED');
    expect(d1.Features).toMatchObject([{ Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' }]);
    expect((await client.send(new GetDetectorCommand({ DetectorId: 'd2' }))).Status).toBe('DISABLED');
    expect(await failure(client.send(new GetDetectorCommand({ DetectorId: 'nope' })))).toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers an empty list in a region without GuardDuty, and AccessDenied with 403', async () => {
    const other = new GuardDutyClient({ ...common(), region: OTHER_REGION });
    const ids: string[] = [];
    for await (const page of paginateListDetectors({ client: other }, {}))
      ids.push(...(page.DetectorIds ?? []));
    expect(ids).toEqual([]);
    fake.setKnobs({ accessDenied: ['guardduty:*'] });
    expect(await failure(other.send(new GetDetectorCommand({ DetectorId: 'd1' })))).toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe('fake EC2 (EC2 query)', () => {
  it('pages DescribeSubnets by filter and fails on an unknown id', async () => {
    const client = new EC2Client(common());
    const zones: string[] = [];
    const filter = {
      Filters: [
        {
          Name: 'subnet-id',
          Values: ['subnet-0', 'subnet-1', 'subnet-2', 'subnet-3', 'subnet-4', 'subnet-9'],
        },
      ],
    };
    for await (const page of paginateDescribeSubnets({ client, pageSize: 5 }, filter)) {
      zones.push(...(page.Subnets ?? []).map((s) => s.AvailabilityZone ?? ''));
    }
    expect(zones).toEqual(['a', 'b', 'c', 'd', 'e'].map((az) => `${REGION}${az}`));
    expect(fake.counts().calls).toEqual({ 'ec2:DescribeSubnets': 1 });
    expect(await failure(client.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-9'] })))).toMatchObject(
      {
        name: 'InvalidSubnetID.NotFound',
      },
    );
  });

  it('describes security groups with their egress rules, and denies as UnauthorizedOperation', async () => {
    const client = new EC2Client(common());
    const { SecurityGroups = [] } = await client.send(
      new DescribeSecurityGroupsCommand({ GroupIds: ['sg-open'] }),
    );
    expect(SecurityGroups[0]?.IpPermissionsEgress).toMatchObject([
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ]);
    fake.setKnobs({ accessDenied: ['ec2:DescribeSecurityGroups'] });
    expect(await failure(client.send(new DescribeSecurityGroupsCommand({})))).toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
