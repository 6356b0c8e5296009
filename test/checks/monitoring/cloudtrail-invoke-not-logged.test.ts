import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { cloudtrailInvokeNotLogged } from '../../../src/checks/monitoring/cloudtrail-invoke-not-logged.js';
import type { Trail } from '../../../src/model.js';
import { ACCOUNT, FUNCTION_ARN, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(cloudtrailInvokeNotLogged);

const run = (trails: Trail[] | null) =>
  runChecks([cloudtrailInvokeNotLogged], makeSnapshot({ trails }), makeContext());

const OTHER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:billing`;

function trail(selectors: Trail['selectors'], overrides: Partial<Trail> = {}): Trail {
  return {
    Name: 'lambda-data',
    TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/lambda-data`,
    HomeRegion: REGION,
    IsMultiRegionTrail: false,
    IsLogging: true,
    selectors,
    ...overrides,
  };
}

const classic = (...values: string[]): Trail['selectors'] => ({
  EventSelectors: [
    {
      ReadWriteType: 'All',
      IncludeManagementEvents: true,
      DataResources: [{ Type: 'AWS::Lambda::Function', Values: values }],
    },
  ],
});

const advanced = (...arnSelectors: Record<string, string[]>[]): Trail['selectors'] => ({
  AdvancedEventSelectors: [
    {
      Name: 'Lambda',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
        ...arnSelectors.map((s) => ({ Field: 'resources.ARN', ...s })),
      ],
    },
  ],
});

describe('cloudtrail-invoke-not-logged', () => {
  for (const [name, trails] of [
    ['no trail at all', []],
    ['a classic selector for another function only', [trail(classic(OTHER_ARN))]],
    [
      'an advanced selector with an ARN exclusion of this function',
      [trail(advanced({ NotEquals: [FUNCTION_ARN] }))],
    ],
    [
      'an advanced selector excluding by prefix',
      [trail(advanced({ NotStartsWith: [`${FUNCTION_ARN.slice(0, -3)}`] }))],
    ],
    ['an advanced selector that includes only another function', [trail(advanced({ Equals: [OTHER_ARN] }))]],
    ['a trail that is not logging', [trail(classic('arn:aws:lambda'), { IsLogging: false })]],
    [
      'a single-region trail in another region',
      [
        trail(classic('arn:aws:lambda'), {
          HomeRegion: 'us-east-1',
          TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/x`,
        }),
      ],
    ],
    [
      'a management-events-only trail',
      [
        trail({
          EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
        }),
      ],
    ],
    [
      'S3 data events only',
      [trail({ EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] })],
    ],
  ] as [string, Trail[]][])
    fires(`fires with ${name}`, () => {
      const findings = run(trails);
      expect(findings).toEqual([
        expect.objectContaining({ check: 'cloudtrail-invoke-not-logged', severity: 'low' }),
      ]);
      return findings;
    });

  it('says why each trail does not count', () => {
    const [finding] = run([
      trail(classic(OTHER_ARN)),
      trail(classic('arn:aws:lambda'), { Name: 'stopped', TrailARN: 'stopped-arn', IsLogging: false }),
    ]);
    expect(finding?.evidence).toEqual({
      trails: [
        {
          trail: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/lambda-data`,
          why: 'no Lambda data events for this function',
        },
        { trail: 'stopped-arn', why: 'not logging' },
      ],
    });
  });

  for (const [name, trails] of [
    ['a classic selector on all functions', [trail(classic('arn:aws:lambda'))]],
    ['a classic selector naming the function', [trail(classic(OTHER_ARN, FUNCTION_ARN))]],
    ['an advanced selector on every function', [trail(advanced())]],
    ['an advanced selector excluding another function', [trail(advanced({ NotEquals: [OTHER_ARN] }))]],
    [
      'an advanced selector including by prefix',
      [trail(advanced({ StartsWith: [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-`] }))],
    ],
    [
      'a multi-region trail homed elsewhere',
      [trail(classic('arn:aws:lambda'), { HomeRegion: 'us-east-1', IsMultiRegionTrail: true })],
    ],
    [
      'one good trail beside a stopped one',
      [trail(classic('arn:aws:lambda'), { IsLogging: false }), trail(advanced())],
    ],
  ] as [string, Trail[]][])
    silent(`stays silent with ${name}`, () => run(trails));

  it.each<[string, Trail]>([
    ['its status', trail(advanced(), { IsLogging: null })],
    ['its selectors', trail(null)],
  ])('yields nothing when a trail that might log it has unread %s', (_label, unread) => {
    expect(run([trail(classic(OTHER_ARN)), unread])).toEqual([]);
  });

  it('still fires when the unread part cannot matter (a stopped trail with unread selectors)', () => {
    expect(run([trail(null, { IsLogging: false })])).toHaveLength(1);
  });

  dataMissing('yields nothing when the trails could not be listed', unread(makeSnapshot(), 'trails'));
});
