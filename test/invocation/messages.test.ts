import { describe, expect, it } from 'vitest';
import { exposureOf } from '../../src/exposure.js';
import { derivePaths } from '../../src/invocation/paths.js';
import type { TriggerSource } from '../../src/model.js';
import { sqs } from '../checks/esm/mappings.js';
import { FOREIGN, ORG, policyOf } from '../checks/triggers/policies.js';
import { publish, QUEUE_ARN, queue, TOPIC_ARN, TOPIC_GRANT, topic } from '../fixtures/apis.js';
import { ACCOUNT, makeSnapshot, REGION } from '../fixtures/snapshot.js';

const TRUST = { trustedAccountIds: [ACCOUNT], trustedOrgIds: [] };
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const viaTopic = (...sources: TriggerSource[]) =>
  derivePaths(makeSnapshot({ policies: [policyOf([TOPIC_GRANT])], sources }), TRUST);
const viaQueue = (...sources: TriggerSource[]) =>
  derivePaths(makeSnapshot({ eventSourceMappings: [sqs({ EventSourceArn: QUEUE_ARN })], sources }), TRUST);

describe('SNS paths', () => {
  it.each<[string, TriggerSource, string, string | null, string]>([
    ['a policy letting everyone publish', topic([publish('*')]), 'public', 'none', 'internet-open'],
    [
      'the default policy (everyone, held by aws:SourceOwner to the account)',
      topic([publish({ AWS: '*' }, { StringEquals: { 'AWS:SourceOwner': ACCOUNT } })]),
      'account',
      'iam',
      'account',
    ],
    [
      'a foreign account',
      topic([publish({ AWS: `arn:aws:iam::${FOREIGN}:root` })]),
      'accounts',
      'iam',
      'cross-account',
    ],
    [
      'an organisation',
      topic([publish('*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })]),
      'organization',
      'iam',
      'organization',
    ],
    ['no policy at all', topic(null), 'account', 'iam', 'account'],
    [
      'a Deny that cancels the public grant',
      topic([publish('*'), { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC_ARN }]),
      'account',
      'iam',
      'account',
    ],
  ])('reads %s', (_label, source, reach, auth, exposure) => {
    const paths = viaTopic(source);
    expect(paths).toEqual([expect.objectContaining({ kind: 'sns', source: TOPIC_ARN, reach, auth })]);
    expect(exposureOf(paths)).toBe(exposure);
  });

  it.each<[string, string | undefined, TriggerSource[], string | null, string[]]>([
    ['no key', undefined, [], 'none', []],
    ['the AWS-managed alias', 'alias/aws/sns', [], 'aws-managed', []],
    ['a customer key', KEY, [{ type: 'kms-key', arn: KEY, KeyManager: 'CUSTOMER' }], 'cmk', []],
    [
      'an AWS-managed key given by id',
      KEY.split('/')[1],
      [{ type: 'kms-key', arn: KEY, KeyManager: 'AWS' }],
      'aws-managed',
      [],
    ],
    [
      'a key DescribeKey could not read',
      KEY,
      [{ type: 'unread', arn: KEY, api: 'kms:DescribeKey', reason: 'AccessDenied' }],
      null,
      ['kms:DescribeKey'],
    ],
  ])('classifies encryption with %s', (_label, keyId, keys, encryption, unverified) => {
    const [path] = viaTopic(topic([], keyId), ...keys);
    expect(path).toMatchObject({ encryption, unverified });
  });

  it('keeps a topic it could not read unknown, naming sns:GetTopicAttributes, and a deleted one stale', () => {
    const denied: TriggerSource = {
      type: 'unread',
      arn: TOPIC_ARN,
      api: 'sns:GetTopicAttributes',
      reason: 'x',
    };
    expect(viaTopic(denied)[0]).toMatchObject({ reach: 'unknown', unverified: ['sns:GetTopicAttributes'] });
    expect(exposureOf(viaTopic(denied))).toBe('unknown');
    const gone: TriggerSource = { type: 'missing', arn: TOPIC_ARN, api: 'sns:GetTopicAttributes' };
    expect(viaTopic(gone)[0]).toMatchObject({ reach: 'none', why: expect.stringMatching(/stale/) });
  });
});

describe('SQS paths', () => {
  it('reads who may send and how the queue is encrypted', () => {
    const open = queue({
      Policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }],
      },
      SqsManagedSseEnabled: true,
    });
    expect(viaQueue(open)).toEqual([
      expect.objectContaining({ kind: 'sqs', reach: 'public', auth: 'none', encryption: 'aws-managed' }),
    ]);
    expect(viaQueue(queue())[0]).toMatchObject({ reach: 'account', encryption: 'none' });
    expect(viaQueue(queue({ KmsMasterKeyId: 'alias/aws/sqs' }))[0]).toMatchObject({
      encryption: 'aws-managed',
    });
  });

  it('ignores a grant of an action other than SendMessage', () => {
    const readOnly = queue({
      Policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'sqs:GetQueueAttributes', Resource: QUEUE_ARN },
        ],
      },
    });
    expect(viaQueue(readOnly)[0]?.reach).toBe('account');
  });
});
