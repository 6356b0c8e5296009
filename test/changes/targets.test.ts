import { describe, expect, it } from 'vitest';
import { parseChangeEvent } from '../../src/changes/event.js';
import { functionArnOf, targetsOf } from '../../src/changes/targets.js';
import { changeEventFixture } from '../fixtures/change-events/index.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api`;
const targets = (name: string) => targetsOf(parseChangeEvent(JSON.stringify(changeEventFixture(name))));

describe('targetsOf', () => {
  it.each([
    'lambda-add-permission-public',
    'lambda-update-function-code',
    'lambda-update-configuration-layer',
    'lambda-create-function-url-none',
    'lambda-update-event-source-mapping',
  ])('%s names the function', (name) => {
    expect(targets(name)).toEqual([{ kind: 'function', arn: FN }]);
  });

  it('an IAM role change names the role; a policy version names the policy', () => {
    expect(targets('iam-put-role-policy')).toEqual([
      { kind: 'role', account: ACCOUNT, roleName: 'orders-api-role' },
    ]);
    expect(targets('iam-attach-role-policy')).toEqual([
      { kind: 'role', account: ACCOUNT, roleName: 'orders-api-role' },
    ]);
    expect(targets('iam-create-policy-version')).toEqual([
      { kind: 'policy', account: ACCOUNT, policyArn: `arn:aws:iam::${ACCOUNT}:policy/orders-extra` },
    ]);
  });

  it('a layer permission names the unversioned layer', () => {
    expect(targets('lambda-add-layer-version-permission')).toEqual([
      {
        kind: 'layer',
        account: ACCOUNT,
        region: REGION,
        layerArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:shared-utils`,
      },
    ]);
  });

  it.each([
    ['s3-put-bucket-policy', { triggers: ['s3'], source: 'arn:aws:s3:::orders-uploads' }],
    ['s3-delete-public-access-block-account', { triggers: ['s3'] }],
    [
      'sns-set-topic-attributes',
      { triggers: ['sns'], source: `arn:aws:sns:${REGION}:${ACCOUNT}:orders-events` },
    ],
    ['sqs-set-queue-attributes', { triggers: ['sqs'], source: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders` }],
    [
      'apigateway-update-method',
      { triggers: ['apigateway'], prefix: `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/` },
    ],
    [
      'events-put-permission',
      { triggers: ['events'], prefix: `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-bus/` },
    ],
    ['elbv2-modify-listener', { triggers: ['alb'] }],
  ])('%s names a trigger source', (name, match) => {
    expect(targets(name)).toEqual([{ kind: 'source', account: ACCOUNT, region: REGION, ...match }]);
  });

  it('ignores a tag change and a call that failed', () => {
    expect(targets('lambda-tag-resource')).toEqual([]);
    expect(targets('lambda-add-permission-denied')).toEqual([]);
  });

  it('tells SNS AddPermission from Lambda AddPermission by the event source', () => {
    const event = parseChangeEvent(JSON.stringify(changeEventFixture('lambda-add-permission-public')));
    expect(targetsOf({ ...event, source: 'sns.amazonaws.com' })).toEqual([]);
  });
});

describe('functionArnOf', () => {
  const at = { account: ACCOUNT, region: REGION };
  it.each([
    ['orders-api', FN],
    ['orders-api:live', FN],
    [`${ACCOUNT}:function:orders-api`, FN],
    [`${FN}:7`, FN],
    [
      'arn:aws:lambda:us-east-1:210987654321:function:billing',
      'arn:aws:lambda:us-east-1:210987654321:function:billing',
    ],
  ])('%s -> %s', (given, arn) => {
    expect(functionArnOf(given, at)).toBe(arn);
  });
});
