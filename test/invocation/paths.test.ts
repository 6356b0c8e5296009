import { describe, expect, it } from 'vitest';
import { exposureOf } from '../../src/exposure.js';
import { derivePaths } from '../../src/invocation/paths.js';
import type { EventSourceMapping, FunctionSnapshot, PolicyStatement } from '../../src/model.js';
import { dynamodb, kafka, kinesis, msk, sqs } from '../checks/esm/mappings.js';
import {
  ALB_SCOPED,
  ALEXA_SKILL,
  APIGW_SCOPED,
  APIGW_WILDCARD,
  CROSS_ACCOUNT,
  EVENTS_SCOPED,
  FOREIGN,
  LOGS_SCOPED,
  PUBLIC,
  PUBLIC_ORG,
  policyOf,
  S3_SCOPED,
  SAME_ACCOUNT_ROLE,
  SNS_SCOPED,
  URL_INVOKE_VIA_URL,
  URL_NONE,
  urlConfig,
} from '../checks/triggers/policies.js';
import { ACCOUNT, FUNCTION_ARN, makeSnapshot, REGION } from '../fixtures/snapshot.js';

const TRUST = { trustedAccountIds: [ACCOUNT], trustedOrgIds: [] };

function pathsOf(overrides: Partial<FunctionSnapshot>, trust = TRUST) {
  return derivePaths(makeSnapshot(overrides), trust);
}

function withPolicy(...statements: PolicyStatement[]) {
  return pathsOf({ policies: [policyOf(statements)] });
}

const publicWhen = (Condition: PolicyStatement['Condition']): PolicyStatement => ({ ...PUBLIC, Condition });

describe('derivePaths: the function’s own doors', () => {
  it('has no path, and exposure none, when nothing can invoke the function', () => {
    const paths = pathsOf({});
    expect(paths).toEqual([]);
    expect(exposureOf(paths)).toBe('none');
  });

  it('makes a NONE URL with the public URL grants an open url path (and no policy path for URL-scoped grants)', () => {
    const paths = pathsOf({
      urlConfigs: [urlConfig()],
      policies: [policyOf([URL_NONE, URL_INVOKE_VIA_URL])],
    });
    expect(paths).toEqual([
      expect.objectContaining({
        kind: 'url',
        source: urlConfig().FunctionUrl,
        qualifier: null,
        reach: 'public',
        auth: 'none',
        tls: true,
        unverified: [],
      }),
    ]);
    expect(exposureOf(paths)).toBe('internet-open');
  });

  it('gives a NONE URL without a public grant reach none (it answers 403 today)', () => {
    const paths = pathsOf({ urlConfigs: [urlConfig()] });
    expect(paths).toEqual([expect.objectContaining({ kind: 'url', reach: 'none', auth: 'none' })]);
  });

  it('gives an AWS_IAM URL reach account, and public when everyone is granted InvokeFunctionUrl', () => {
    const iam = urlConfig({ AuthType: 'AWS_IAM' });
    expect(pathsOf({ urlConfigs: [iam] })).toEqual([
      expect.objectContaining({ kind: 'url', reach: 'account', auth: 'iam' }),
    ]);
    const open: PolicyStatement = { ...PUBLIC, Action: 'lambda:InvokeFunctionUrl' };
    const paths = pathsOf({ urlConfigs: [iam], policies: [policyOf([open])] });
    expect(paths[0]).toMatchObject({ kind: 'url', reach: 'public', auth: 'iam' });
    expect(exposureOf(paths)).toBe('internet-authenticated');
  });

  it('takes the URL’s qualifier from its alias ARN and reads that alias’s policy', () => {
    const live = urlConfig({ FunctionArn: `${FUNCTION_ARN}:live` });
    const paths = pathsOf({
      urlConfigs: [live],
      policies: [policyOf([]), policyOf([URL_NONE, URL_INVOKE_VIA_URL], 'live')],
    });
    expect(paths).toEqual([expect.objectContaining({ kind: 'url', qualifier: 'live', reach: 'public' })]);
  });

  it.each<[string, PolicyStatement, string, string, string]>([
    ['a public principal', PUBLIC, 'public', 'none', 'internet-open'],
    ['a public principal within an organisation', PUBLIC_ORG, 'organization', 'iam', 'organization'],
    ['a foreign account', CROSS_ACCOUNT, 'accounts', 'iam', 'cross-account'],
    ['a role of the audited account', SAME_ACCOUNT_ROLE, 'account', 'iam', 'account'],
    [
      'a public principal held to an IP range',
      publicWhen({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      'network',
      'none',
      'network',
    ],
    [
      'a public principal held to a VPC endpoint',
      publicWhen({ StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } }),
      'network',
      'none',
      'network',
    ],
    [
      'a public principal held to the audited account',
      publicWhen({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }),
      'account',
      'iam',
      'account',
    ],
    [
      'a public principal whose only condition opens every network',
      publicWhen({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }),
      'public',
      'none',
      'internet-open',
    ],
    [
      'a foreign account narrowed to an organisation',
      { ...CROSS_ACCOUNT, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
      'organization',
      'iam',
      'organization',
    ],
  ])('turns a direct grant to %s into a policy path', (_label, statement, reach, auth, exposure) => {
    const paths = withPolicy(statement);
    expect(paths).toEqual([expect.objectContaining({ kind: 'policy', reach, auth })]);
    expect(exposureOf(paths)).toBe(exposure);
  });

  it('counts a trusted account as the account', () => {
    const paths = pathsOf(
      { policies: [policyOf([CROSS_ACCOUNT])] },
      { trustedAccountIds: [ACCOUNT, FOREIGN], trustedOrgIds: [] },
    );
    expect(paths).toEqual([expect.objectContaining({ kind: 'policy', reach: 'account' })]);
  });

  it('drops a grant an unconditional Deny cancels', () => {
    const deny: PolicyStatement = { Effect: 'Deny', Principal: '*', Action: 'lambda:*' };
    expect(withPolicy(PUBLIC, deny)).toEqual([]);
  });
});

describe('derivePaths: trigger sources not read yet', () => {
  it.each<[string, PolicyStatement, string, string]>([
    ['an S3 bucket', S3_SCOPED, 's3', 'arn:aws:s3:::orders-uploads'],
    ['an SNS topic', SNS_SCOPED, 'sns', `arn:aws:sns:${REGION}:${ACCOUNT}:orders-topic`],
    [
      'an EventBridge rule',
      EVENTS_SCOPED,
      'eventbridge',
      `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly-report`,
    ],
    [
      'an API route',
      APIGW_SCOPED,
      'apigateway-rest',
      `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/GET/items`,
    ],
    [
      'an ALB target group',
      ALB_SCOPED,
      'alb',
      `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/orders-tg/0a1b2c3d4e5f6a7b`,
    ],
    [
      'a log group subscription',
      LOGS_SCOPED,
      'other',
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/payments:*`,
    ],
  ])(
    'makes a push path for %s with reach unknown (unknown is not private)',
    (_label, statement, kind, source) => {
      const paths = withPolicy(statement);
      expect(paths).toEqual([expect.objectContaining({ kind, source, reach: 'unknown', auth: null })]);
      expect(exposureOf(paths)).toBe('unknown');
    },
  );

  it.each<[string, PolicyStatement, string, string]>([
    ['a wildcard source', APIGW_WILDCARD, 'apigateway-rest', 'apigateway.amazonaws.com'],
    ['no source but a skill token', ALEXA_SKILL, 'other', 'alexa-appkit.amazon.com'],
  ])('names the service as the source of a grant with %s', (_label, statement, kind, source) => {
    expect(withPolicy(statement)).toEqual([expect.objectContaining({ kind, source, reach: 'unknown' })]);
  });

  it('lists one path per source however many statements name it', () => {
    const again: PolicyStatement = { ...SNS_SCOPED, Sid: 'sns-again', Action: 'lambda:InvokeAsync' };
    expect(withPolicy(SNS_SCOPED, again)).toHaveLength(1);
  });

  it.each<[string, EventSourceMapping, string, string | null]>([
    ['an SQS queue', sqs(), 'sqs', null],
    ['a Kinesis stream', kinesis(), 'kinesis', null],
    ['a DynamoDB stream', dynamodb(), 'dynamodb', null],
    ['an MSK cluster', msk(), 'kafka', null],
    ['self-managed Kafka without authentication', kafka({ SourceAccessConfigurations: [] }), 'kafka', 'none'],
    [
      'self-managed Kafka with mutual TLS',
      kafka({
        SourceAccessConfigurations: [
          { Type: 'CLIENT_CERTIFICATE_TLS_AUTH', URI: 'arn:aws:secretsmanager:x' },
        ],
      }),
      'kafka',
      'mtls',
    ],
  ])('makes a pull path for %s', (_label, esm, kind, auth) => {
    const paths = pathsOf({ eventSourceMappings: [esm] });
    expect(paths).toEqual([
      expect.objectContaining({
        kind,
        source: esm.EventSourceArn ?? expect.any(String),
        reach: 'unknown',
        auth,
      }),
    ]);
  });

  it('keeps the alias a mapping invokes', () => {
    const onAlias = sqs({ FunctionArn: `${FUNCTION_ARN}:live` });
    expect(pathsOf({ eventSourceMappings: [onAlias] })[0]?.qualifier).toBe('live');
  });
});

describe('derivePaths: reads that failed', () => {
  it('makes every unread part of the function a path of reach unknown naming the API', () => {
    const paths = pathsOf({ policies: null, urlConfigs: null, eventSourceMappings: null });
    expect(paths.map((p) => [p.kind, p.reach, p.unverified])).toEqual([
      ['other', 'unknown', ['lambda:ListEventSourceMappings']],
      ['policy', 'unknown', ['lambda:GetPolicy']],
      ['url', 'unknown', ['lambda:ListFunctionUrlConfigs']],
    ]);
    expect(exposureOf(paths)).toBe('unknown');
  });

  it('leaves a URL’s reach unknown when the policy could not be read', () => {
    const paths = pathsOf({ urlConfigs: [urlConfig()], policies: null });
    expect(paths).toContainEqual(
      expect.objectContaining({
        kind: 'url',
        reach: 'unknown',
        auth: 'none',
        unverified: ['lambda:GetPolicy'],
      }),
    );
  });

  it('never lets a private path hide an unknown one', () => {
    const paths = pathsOf({ policies: [policyOf([SAME_ACCOUNT_ROLE])], eventSourceMappings: null });
    expect(exposureOf(paths)).toBe('unknown');
  });
});
