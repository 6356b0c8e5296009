import { describe, expect, it } from 'vitest';
import { SourceReader } from '../../../src/collect/sources/reader.js';
import type { Json, World } from '../../fakes/aws/index.js';
import { ACCOUNT, emptyRoles, invokedBy, REGION, useFakeSources } from './harness.js';

const FOREIGN = '210987654321';
const ORG = 'o-a1b2c3d4e5';
const KEY_ID = '5c4b3a29-1807-4f6e-9d8c-7b6a59483726';
const ruleArn = (path: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${path}`;
const putEventsBy = (Principal: Json, Condition?: Json): Json => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'put',
      Effect: 'Allow',
      Principal,
      Action: 'events:PutEvents',
      Resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/*`,
      ...(Condition ? { Condition } : {}),
    },
  ],
});

const onRules = (name: string, ...rules: string[]) =>
  invokedBy(name, 'events.amazonaws.com', rules.map(ruleArn));

const WORLD: World = {
  accounts: {
    [ACCOUNT]: {
      regions: {
        [REGION]: {
          functions: [
            onRules('partners', 'partner-bus/orders'),
            onRules('org-events', 'org-bus/audit'),
            onRules('anyone', 'open-bus/intake'),
            onRules('nightly', 'nightly'),
            onRules('hybrid', 'hourly-and-on-deploy'),
            onRules('local', 'deploys', 'gone'),
            onRules('everything', 'partner-bus/orders', 'org-bus/audit', 'nightly', 'deploys'),
          ],
          eventRules: [
            { Name: 'orders', EventBusName: 'partner-bus', EventPattern: { source: ['partner.orders'] } },
            { Name: 'audit', EventBusName: 'org-bus', EventPattern: { source: ['org.audit'] } },
            { Name: 'intake', EventBusName: 'open-bus', EventPattern: { source: ['intake'] } },
            { Name: 'nightly', ScheduleExpression: 'cron(0 2 * * ? *)' },
            {
              Name: 'hourly-and-on-deploy',
              ScheduleExpression: 'rate(1 hour)',
              EventPattern: { source: ['aws.codedeploy'] },
            },
            { Name: 'deploys', EventPattern: { source: ['aws.codedeploy'] } },
          ],
          eventBuses: [
            { Name: 'partner-bus', Policy: putEventsBy({ AWS: `arn:aws:iam::${FOREIGN}:root` }) },
            {
              Name: 'org-bus',
              Policy: putEventsBy('*', { StringEquals: { 'aws:PrincipalOrgID': ORG } }),
              KmsKeyIdentifier: KEY_ID,
            },
            { Name: 'open-bus', Policy: putEventsBy('*') },
          ],
          kmsKeys: [{ KeyId: KEY_ID, KeyManager: 'CUSTOMER', Aliases: ['alias/org-events'] }],
        },
      },
      iam: {
        roles: emptyRoles('partners', 'org-events', 'anyone', 'nightly', 'hybrid', 'local', 'everything'),
      },
    },
  },
};

const { env, audit } = useFakeSources(WORLD);

const summary = (report: Awaited<ReturnType<typeof audit>>['report']) =>
  report.paths.map((p) => [p.kind, p.source.split(':rule/')[1], p.reach, p.auth, p.encryption]);

describe('EventBridge rules and buses through the real SDK', () => {
  it.each([
    [
      'partners',
      'a bus open to one foreign account',
      [['eventbridge', 'partner-bus/orders', 'accounts', 'iam', 'aws-managed']],
      'cross-account',
    ],
    [
      'org-events',
      'a bus shared with an organisation, under a customer key',
      [['eventbridge', 'org-bus/audit', 'organization', 'iam', 'cmk']],
      'organization',
    ],
    [
      'anyone',
      'a bus open to everyone',
      [['eventbridge', 'open-bus/intake', 'public', 'none', 'aws-managed']],
      'internet-open',
    ],
    ['nightly', 'a schedule', [['schedule', 'nightly', 'none', null, null]], 'none'],
    [
      'hybrid',
      'a rule with a schedule and a pattern (events trigger it too)',
      [['eventbridge', 'hourly-and-on-deploy', 'account', 'iam', 'aws-managed']],
      'account',
    ],
    [
      'local',
      'a rule on the default bus, and a rule that is gone',
      [
        ['eventbridge', 'deploys', 'account', 'iam', 'aws-managed'],
        ['eventbridge', 'gone', 'none', null, null],
      ],
      'account',
    ],
  ])('reads %s: %s', async (fn, _label, paths, exposure) => {
    const { report } = await audit(fn);
    expect(summary(report)).toEqual(paths);
    expect(report.exposure).toBe(exposure);
    expect(report.unverified).toEqual([]);
  });

  it('flags the open bus and the foreign account, not the schedule', async () => {
    const checksOf = async (fn: string) => (await audit(fn)).report.findings.map((f) => f.check);
    expect(await checksOf('anyone')).toEqual(
      expect.arrayContaining(['source-public-write', 'source-no-cmk']),
    );
    expect(await checksOf('partners')).toContain('source-cross-account-write');
    expect((await checksOf('nightly')).filter((c) => c.startsWith('source-'))).toEqual([]);
  });

  it('reads each rule and bus once however many functions share them, and no bus for a schedule', async () => {
    const shared = new SourceReader();
    await Promise.all(
      ['partners', 'org-events', 'nightly', 'local', 'everything'].map((fn) => audit(fn, shared)),
    );
    const { calls } = env.fake.counts();
    // Rules: partner-bus/orders, org-bus/audit, nightly, deploys, gone. Buses: partner, org, default.
    expect(calls['events:DescribeRule']).toBe(5);
    expect(calls['events:DescribeEventBus']).toBe(3);
    expect(calls['kms:DescribeKey']).toBe(1);
  });

  it.each([
    ['events:DescribeRule', 'partners'],
    ['events:DescribeEventBus', 'anyone'],
  ])(
    'turns a denied %s into its gap and a path of reach unknown; nothing that needs it fires',
    async (api, fn) => {
      env.fake.setKnobs({ accessDenied: [api] });
      const { report } = await audit(fn);
      expect([...new Set(report.unverified.map((u) => u.api))]).toEqual([api]);
      expect(report.paths).toEqual([
        expect.objectContaining({ kind: 'eventbridge', reach: 'unknown', unverified: [api] }),
      ]);
      expect(report.exposure).toBe('unknown');
      expect(report.findings.filter((f) => f.check.startsWith('source-'))).toEqual([]);
    },
  );
});
