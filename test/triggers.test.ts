import { describe, expect, it } from 'vitest';
import type { EventSourceMapping, FunctionUrlConfig } from '../src/model.js';
import { deriveTriggers, qualifierOfFunctionArn } from '../src/triggers.js';
import {
  ALB_SCOPED,
  ALEXA_SKILL,
  APIGW_SCOPED,
  CROSS_ACCOUNT,
  EVENTS_SCOPED,
  LOGS_SCOPED,
  PUBLIC,
  policyOf,
  S3_SCOPED,
  SNS_NO_SOURCE,
  SNS_SCOPED,
  URL_INVOKE_VIA_URL,
  URL_NONE,
} from './checks/triggers/policies.js';
import { ACCOUNT, FUNCTION_ARN, makeSnapshot, REGION } from './fixtures/snapshot.js';

function mapping(overrides: Partial<EventSourceMapping>): EventSourceMapping {
  return {
    UUID: 'a1b2c3d4-0000-4000-8000-000000000001',
    FunctionArn: FUNCTION_ARN,
    State: 'Enabled',
    ...overrides,
  };
}

const URL: FunctionUrlConfig = {
  FunctionUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws/',
  FunctionArn: FUNCTION_ARN,
  AuthType: 'NONE',
};

describe('deriveTriggers', () => {
  it.each([
    ['sqs', `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-queue`],
    ['kinesis', `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/clicks`],
    ['dynamodb', `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`],
    ['msk', `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/events/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-2`],
    ['mq', `arn:aws:mq:${REGION}:${ACCOUNT}:broker:orders:b-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`],
    ['docdb', `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:orders-docdb`],
  ])('lists a %s event source mapping by its ARN', (kind, arn) => {
    const triggers = deriveTriggers(
      makeSnapshot({ eventSourceMappings: [mapping({ EventSourceArn: arn })] }),
    );
    expect(triggers).toEqual([{ kind, source: arn, async: false, qualifier: null, conditions: {} }]);
  });

  it('lists a self-managed Kafka mapping by its bootstrap servers', () => {
    const kafka = mapping({
      SelfManagedEventSource: {
        Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b-1.example.com:9092', 'b-2.example.com:9092'] },
      },
      Topics: ['orders'],
    });
    expect(deriveTriggers(makeSnapshot({ eventSourceMappings: [kafka] }))).toMatchObject([
      { kind: 'kafka', source: 'b-1.example.com:9092,b-2.example.com:9092', async: false },
    ]);
  });

  it.each([
    ['s3', S3_SCOPED, 'arn:aws:s3:::orders-uploads', true],
    ['sns', SNS_SCOPED, `arn:aws:sns:${REGION}:${ACCOUNT}:orders-topic`, true],
    ['events', EVENTS_SCOPED, `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly-report`, true],
    ['apigateway', APIGW_SCOPED, `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/GET/items`, false],
    [
      'alb',
      ALB_SCOPED,
      `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/orders-tg/0a1b2c3d4e5f6a7b`,
      false,
    ],
    ['logs', LOGS_SCOPED, `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/payments:*`, true],
  ])('derives a %s push source from the statement’s aws:SourceArn', (kind, statement, source, async) => {
    const [trigger] = deriveTriggers(makeSnapshot({ policies: [policyOf([statement])] }));
    expect(trigger).toMatchObject({ kind, source, async, qualifier: null });
    expect(trigger?.conditions).toEqual(statement.Condition);
  });

  it.each([
    ['iot', 'iot.amazonaws.com', true],
    ['cognito', 'cognito-idp.amazonaws.com', false],
    ['cognito', 'cognito-sync.amazonaws.com', false],
    ['service', 'ses.amazonaws.com', true],
    ['service', 'codecommit.amazonaws.com', true],
    ['service', 'config.amazonaws.com', true],
    ['logs', 'logs.eu-central-1.amazonaws.com', true],
  ])('lists a %s principal with no SourceArn under the principal (%s)', (kind, service, async) => {
    const statement = { ...SNS_NO_SOURCE, Principal: { Service: service } };
    expect(deriveTriggers(makeSnapshot({ policies: [policyOf([statement])] }))).toEqual([
      { kind, source: service, async, qualifier: null, conditions: {} },
    ]);
  });

  it('lists Alexa, account and public principals', () => {
    const triggers = deriveTriggers(
      makeSnapshot({ policies: [policyOf([ALEXA_SKILL, CROSS_ACCOUNT, PUBLIC])] }),
    );
    expect(triggers.map(({ kind, source }) => ({ kind, source }))).toEqual([
      { kind: 'alexa', source: 'alexa-appkit.amazon.com' },
      { kind: 'account', source: 'arn:aws:iam::210987654321:root' },
      { kind: 'public', source: '*' },
    ]);
  });

  it('names the alias of an alias policy', () => {
    const triggers = deriveTriggers(makeSnapshot({ policies: [policyOf([SNS_SCOPED], 'live')] }));
    expect(triggers[0]?.qualifier).toBe('live');
  });

  it('lists function URLs, and not their URL-scoped grants a second time', () => {
    const aliasUrl = { ...URL, FunctionArn: `${FUNCTION_ARN}:live`, AuthType: 'AWS_IAM' as const };
    const triggers = deriveTriggers(
      makeSnapshot({ urlConfigs: [URL, aliasUrl], policies: [policyOf([URL_NONE, URL_INVOKE_VIA_URL])] }),
    );
    expect(triggers).toEqual([
      {
        kind: 'url',
        source: URL.FunctionUrl,
        async: false,
        qualifier: null,
        conditions: { AuthType: 'NONE' },
      },
      {
        kind: 'url',
        source: URL.FunctionUrl,
        async: false,
        qualifier: 'live',
        conditions: { AuthType: 'AWS_IAM' },
      },
    ]);
  });

  it('ignores grants that cannot invoke and statements cancelled by a Deny', () => {
    const policy = policyOf([
      { ...CROSS_ACCOUNT, Action: 'lambda:GetFunction' },
      PUBLIC,
      { Effect: 'Deny', Principal: '*', Action: 'lambda:*' },
    ]);
    expect(deriveTriggers(makeSnapshot({ policies: [policy] }))).toEqual([]);
  });

  it('lists a source once when two statements admit it', () => {
    const triggers = deriveTriggers(
      makeSnapshot({ policies: [policyOf([SNS_SCOPED, { ...SNS_SCOPED, Sid: 'again' }])] }),
    );
    expect(triggers).toHaveLength(1);
  });

  it('derives what it can when policies, mappings or URLs could not be read', () => {
    const sqs = mapping({ EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-queue` });
    expect(
      deriveTriggers(makeSnapshot({ policies: null, urlConfigs: null, eventSourceMappings: [sqs] })).map(
        (t) => t.kind,
      ),
    ).toEqual(['sqs']);
    expect(
      deriveTriggers(
        makeSnapshot({ eventSourceMappings: null, urlConfigs: [URL], policies: [policyOf([S3_SCOPED])] }),
      ).map((t) => t.kind),
    ).toEqual(['s3', 'url']);
    expect(
      deriveTriggers(makeSnapshot({ policies: null, urlConfigs: null, eventSourceMappings: null })),
    ).toEqual([]);
  });
});

describe('qualifierOfFunctionArn', () => {
  it('reads the alias or version from a qualified ARN', () => {
    expect(qualifierOfFunctionArn(`${FUNCTION_ARN}:live`)).toBe('live');
    expect(qualifierOfFunctionArn(`${FUNCTION_ARN}:7`)).toBe('7');
    expect(qualifierOfFunctionArn(FUNCTION_ARN)).toBeNull();
    expect(qualifierOfFunctionArn(undefined)).toBeNull();
  });
});
