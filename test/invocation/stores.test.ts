import { describe, expect, it } from 'vitest';
import { exposureOf } from '../../src/exposure.js';
import { derivePaths } from '../../src/invocation/paths.js';
import { parseRuleArn, storeArnOf } from '../../src/invocation/stores.js';
import type { PolicyStatement, TriggerSource } from '../../src/model.js';
import { dynamodb, kinesis } from '../checks/esm/mappings.js';
import { FOREIGN, ORG, policyOf } from '../checks/triggers/policies.js';
import { ACCOUNT, makeSnapshot, REGION } from '../fixtures/snapshot.js';
import {
  BUS_ARN,
  bus,
  CMK_ARN,
  RULE_ARN,
  RULE_GRANT,
  rule,
  STREAM_ARN,
  stream,
  TABLE_ARN,
  TABLE_STREAM_ARN,
  table,
  writeBy,
} from '../fixtures/stores.js';

const TRUST = { trustedAccountIds: [ACCOUNT], trustedOrgIds: [] };
const PUT = 'events:PutEvents';

const viaRule = (...sources: TriggerSource[]) =>
  derivePaths(makeSnapshot({ policies: [policyOf([RULE_GRANT])], sources }), TRUST);
const viaStream = (...sources: TriggerSource[]) =>
  derivePaths(
    makeSnapshot({ eventSourceMappings: [kinesis({ EventSourceArn: STREAM_ARN })], sources }),
    TRUST,
  );
const viaTable = (...sources: TriggerSource[]) =>
  derivePaths(
    makeSnapshot({ eventSourceMappings: [dynamodb({ EventSourceArn: TABLE_STREAM_ARN })], sources }),
    TRUST,
  );

describe('EventBridge paths', () => {
  it.each<[string, PolicyStatement[] | null, string, string | null, string]>([
    [
      'a bus open to one foreign account',
      [writeBy(PUT, { AWS: `arn:aws:iam::${FOREIGN}:root` })],
      'accounts',
      'iam',
      'cross-account',
    ],
    ['a bus open to everyone', [writeBy(PUT, '*')], 'public', 'none', 'internet-open'],
    [
      'a bus shared with an organisation',
      [writeBy(PUT, '*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })],
      'organization',
      'iam',
      'organization',
    ],
    ['a bus without a policy', null, 'account', 'iam', 'account'],
    [
      'a bus granting another action only',
      [writeBy('events:DescribeRule', '*')],
      'account',
      'iam',
      'account',
    ],
    [
      'a bus whose public grant a Deny cancels',
      [writeBy(PUT, '*'), { Effect: 'Deny', Principal: '*', Action: PUT, Resource: '*' }],
      'account',
      'iam',
      'account',
    ],
  ])('reads %s', (_label, statements, reach, auth, exposure) => {
    const paths = viaRule(rule(), bus(statements));
    expect(paths).toEqual([expect.objectContaining({ kind: 'eventbridge', source: RULE_ARN, reach, auth })]);
    expect(exposureOf(paths)).toBe(exposure);
  });

  it('makes a rule with a schedule a schedule path nobody outside AWS can cause, whatever its bus', () => {
    const [path] = viaRule(rule('rate(1 hour)'), bus([writeBy(PUT, '*')]));
    expect(path).toMatchObject({
      kind: 'schedule',
      source: RULE_ARN,
      reach: 'none',
      auth: null,
      encryption: null,
    });
    expect(path?.why).toContain('rate(1 hour)');
  });

  it('reads a rule with both a schedule and a pattern as its bus: matching events trigger it too', () => {
    const [path] = viaRule(rule('rate(1 hour)', '{"source":["orders"]}'), bus([writeBy(PUT, '*')]));
    expect(path).toMatchObject({ kind: 'eventbridge', reach: 'public', auth: 'none' });
  });

  it.each<[string, TriggerSource[], string | null, string[]]>([
    ['the key EventBridge owns', [bus(null)], 'aws-managed', []],
    [
      'a customer key',
      [bus(null, { kind: 'kms', keyId: CMK_ARN }), { type: 'kms-key', arn: CMK_ARN, KeyManager: 'CUSTOMER' }],
      'cmk',
      [],
    ],
    [
      'a key DescribeKey could not read',
      [
        bus(null, { kind: 'kms', keyId: CMK_ARN }),
        { type: 'unread', arn: CMK_ARN, api: 'kms:DescribeKey', reason: 'x' },
      ],
      null,
      ['kms:DescribeKey'],
    ],
  ])('classifies the bus encryption with %s', (_label, sources, encryption, unverified) => {
    expect(viaRule(rule(), ...sources)[0]).toMatchObject({ encryption, unverified });
  });

  it('keeps a rule or bus it could not read unknown, and a deleted rule stale', () => {
    const deniedRule: TriggerSource = {
      type: 'unread',
      arn: RULE_ARN,
      api: 'events:DescribeRule',
      reason: 'x',
    };
    expect(viaRule(deniedRule)[0]).toMatchObject({
      kind: 'eventbridge',
      reach: 'unknown',
      unverified: ['events:DescribeRule'],
    });
    const deniedBus: TriggerSource = {
      type: 'unread',
      arn: BUS_ARN,
      api: 'events:DescribeEventBus',
      reason: 'x',
    };
    expect(exposureOf(viaRule(rule(), deniedBus))).toBe('unknown');
    const gone: TriggerSource = { type: 'missing', arn: RULE_ARN, api: 'events:DescribeRule' };
    expect(viaRule(gone)[0]).toMatchObject({ reach: 'none', why: expect.stringMatching(/stale/) });
  });

  it('reads a Scheduler grant as a schedule: the account’s own is nobody’s door, a foreign one its account’s', () => {
    const schedulerGrant = (account: string): PolicyStatement => ({
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Condition: {
        ArnEquals: { 'aws:SourceArn': `arn:aws:scheduler:${REGION}:${account}:schedule/default/nightly` },
      },
    });
    const paths = (account: string) =>
      derivePaths(makeSnapshot({ policies: [policyOf([schedulerGrant(account)])] }), TRUST);
    expect(paths(ACCOUNT)).toEqual([expect.objectContaining({ kind: 'schedule', reach: 'none' })]);
    expect(paths(FOREIGN)).toEqual([
      expect.objectContaining({ kind: 'schedule', reach: 'accounts', auth: 'iam' }),
    ]);
  });
});

describe('Kinesis and DynamoDB stream paths', () => {
  it.each<[string, TriggerSource, string, string | null, string | null]>([
    ['a stream without a policy, unencrypted', stream(null, { kind: 'none' }), 'account', 'iam', 'none'],
    [
      'a stream under the AWS-managed key',
      stream(null, { kind: 'kms', keyId: 'alias/aws/kinesis' }),
      'account',
      'iam',
      'aws-managed',
    ],
    [
      'a stream anyone may put records to',
      stream([writeBy('kinesis:PutRecords', '*')]),
      'public',
      'none',
      'aws-managed',
    ],
    [
      'a stream a foreign account may put a record to',
      stream([writeBy('kinesis:PutRecord', { AWS: FOREIGN })]),
      'accounts',
      'iam',
      'aws-managed',
    ],
    [
      'a stream open only to readers',
      stream([writeBy('kinesis:GetRecords', '*')]),
      'account',
      'iam',
      'aws-managed',
    ],
  ])('reads %s', (_label, source, reach, auth, encryption) => {
    expect(viaStream(source)).toEqual([
      expect.objectContaining({ kind: 'kinesis', reach, auth, encryption }),
    ]);
  });

  it.each<[string, TriggerSource, string, string | null]>([
    ['a table without a policy', table(null), 'account', 'aws-managed'],
    [
      'a table anyone may write items to',
      table([writeBy('dynamodb:BatchWriteItem', '*')]),
      'public',
      'aws-managed',
    ],
    [
      'a table an organisation may update',
      table([writeBy('dynamodb:UpdateItem', '*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })]),
      'organization',
      'aws-managed',
    ],
    ['a table anyone may only read', table([writeBy('dynamodb:GetItem', '*')]), 'account', 'aws-managed'],
  ])('reads %s through its stream', (_label, source, reach, encryption) => {
    expect(viaTable(source)).toEqual([
      expect.objectContaining({ kind: 'dynamodb', source: TABLE_STREAM_ARN, reach, encryption }),
    ]);
  });

  it('leaves each half unknown on its own when its read failed', () => {
    const halves = (policy: 'read' | 'unread', encryption: 'read' | 'unread'): TriggerSource => ({
      type: 'dynamodb-table',
      arn: TABLE_ARN,
      store: {
        policy: policy === 'read' ? { document: null } : { unread: 'dynamodb:GetResourcePolicy' },
        encryption: encryption === 'read' ? { kind: 'service' } : { unread: 'dynamodb:DescribeTable' },
      },
    });
    expect(viaTable(halves('unread', 'read'))[0]).toMatchObject({
      reach: 'unknown',
      encryption: 'aws-managed',
      unverified: ['dynamodb:GetResourcePolicy'],
    });
    expect(viaTable(halves('read', 'unread'))[0]).toMatchObject({
      reach: 'account',
      encryption: null,
      unverified: ['dynamodb:DescribeTable'],
    });
  });

  it('counts an unread stream of a foreign account as at least that account’s door', () => {
    const foreign = STREAM_ARN.replace(ACCOUNT, FOREIGN);
    const paths = derivePaths(
      makeSnapshot({
        eventSourceMappings: [kinesis({ EventSourceArn: foreign })],
        sources: [{ type: 'unread', arn: foreign, api: 'kinesis:GetResourcePolicy', reason: 'AccessDenied' }],
      }),
      TRUST,
    );
    expect(paths[0]).toMatchObject({
      reach: 'accounts',
      auth: 'iam',
      unverified: ['kinesis:GetResourcePolicy'],
    });
  });
});

describe('a stream of another account', () => {
  const foreign = STREAM_ARN.replace(ACCOUNT, FOREIGN);
  const paths = (trustedAccountIds: string[]) =>
    derivePaths(
      makeSnapshot({
        eventSourceMappings: [kinesis({ EventSourceArn: foreign })],
        sources: [{ type: 'foreign', arn: foreign, account: FOREIGN }],
      }),
      { trustedAccountIds, trustedOrgIds: [] },
    );

  it('is that account’s door when the account is not trusted, and unknown when it is', () => {
    expect(paths([ACCOUNT])[0]).toMatchObject({ reach: 'accounts', auth: 'iam', unverified: [] });
    expect(paths([ACCOUNT, FOREIGN])[0]).toMatchObject({
      reach: 'unknown',
      why: expect.stringMatching(/trusted/),
    });
  });
});

describe('store ARNs', () => {
  it.each([
    [STREAM_ARN, STREAM_ARN],
    [`${STREAM_ARN}/consumer/lambda:1735689600`, STREAM_ARN],
    [TABLE_STREAM_ARN, TABLE_ARN],
    [`arn:aws:sqs:${REGION}:${ACCOUNT}:orders`, null],
  ])('reads %s under %s', (arn, store) => {
    expect(storeArnOf(arn)).toBe(store);
  });

  it.each([
    [`arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly`, { bus: 'default', name: 'nightly' }],
    [RULE_ARN, { bus: 'orders-bus', name: 'new-order' }],
    [`arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`, null],
  ])('reads the rule ARN %s', (arn, parsed) => {
    expect(parseRuleArn(arn)).toEqual(parsed);
  });
});
