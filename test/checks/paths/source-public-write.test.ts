import { describe, expect, it } from 'vitest';
import { sourcePublicWrite } from '../../../src/checks/paths/source-public-write.js';
import type { TriggerSource } from '../../../src/model.js';
import { publish, TOPIC_ARN, TOPIC_GRANT, topic } from '../../fixtures/apis.js';
import { ACCOUNT, makeSnapshot } from '../../fixtures/snapshot.js';
import { bus, RULE_ARN, RULE_GRANT, rule, TABLE_STREAM_ARN, table, writeBy } from '../../fixtures/stores.js';
import { checkCases, gap } from '../cases.js';
import { dynamodb } from '../esm/mappings.js';
import { ORG, policyOf } from '../triggers/policies.js';
import { runOnPaths } from './context.js';

const { fires, silent, dataMissing } = checkCases(sourcePublicWrite);

const via = (source: TriggerSource) =>
  makeSnapshot({ policies: [policyOf([TOPIC_GRANT])], sources: [source] });

describe('source-public-write', () => {
  fires('flags a topic anyone may publish to, naming the topic', () => {
    const findings = runOnPaths([sourcePublicWrite], via(topic([publish('*')])));
    expect(findings).toEqual([
      expect.objectContaining({ check: 'source-public-write', severity: 'high', resource: TOPIC_ARN }),
    ]);
    return findings;
  });

  for (const [name, source] of [
    [
      'held to the account by aws:SourceOwner',
      topic([publish('*', { StringEquals: { 'aws:SourceOwner': ACCOUNT } })]),
    ],
    ['held to an organisation', topic([publish('*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })])],
    ['with no policy', topic(null)],
  ] as const)
    silent(`does not flag a topic ${name}`, () => runOnPaths([sourcePublicWrite], via(source)));

  dataMissing('yields nothing when the topic could not be read (unknown, not public)', {
    ...via({ type: 'unread', arn: TOPIC_ARN, api: 'sns:GetTopicAttributes', reason: 'AccessDenied' }),
    unverified: [gap('sns:GetTopicAttributes', 'triggers')],
  });

  it('yields nothing when the function policy could not be read', () => {
    expect(
      runOnPaths([sourcePublicWrite], makeSnapshot({ policies: null, sources: [topic([publish('*')])] })),
    ).toEqual([]);
  });

  it('flags an EventBridge bus and a DynamoDB table anyone may write to, naming the rule and the stream', () => {
    const onRule = makeSnapshot({
      policies: [policyOf([RULE_GRANT])],
      sources: [rule(), bus([writeBy('events:PutEvents', '*')])],
    });
    expect(runOnPaths([sourcePublicWrite], onRule)).toEqual([
      expect.objectContaining({ resource: RULE_ARN }),
    ]);
    const onTable = makeSnapshot({
      eventSourceMappings: [dynamodb({ EventSourceArn: TABLE_STREAM_ARN })],
      sources: [table([writeBy('dynamodb:PutItem', '*')])],
    });
    expect(runOnPaths([sourcePublicWrite], onTable)).toEqual([
      expect.objectContaining({ resource: TABLE_STREAM_ARN }),
    ]);
  });

  it('does not flag a schedule, whatever the bus allows', () => {
    const snapshot = makeSnapshot({
      policies: [policyOf([RULE_GRANT])],
      sources: [rule('cron(0 2 * * ? *)'), bus([writeBy('events:PutEvents', '*')])],
    });
    expect(runOnPaths([sourcePublicWrite], snapshot)).toEqual([]);
  });
});
