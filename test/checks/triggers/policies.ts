/**
 * Resource-policy statements as GetPolicy returns them (what `aws lambda add-permission`, the
 * console and the service integrations write), and function URL configs as
 * ListFunctionUrlConfigs returns them, for the invocation-exposure tests.
 */
import type { FunctionUrlConfig, PolicyStatement, ResourcePolicy } from '../../../src/model.js';
import { ACCOUNT, FUNCTION_ARN, REGION } from '../../fixtures/snapshot.js';

export const FOREIGN = '210987654321';
export const ORG = 'o-a1b2c3d4e5';

/** A GetPolicy document for the function (qualifier null) or one of its aliases. */
export function policyOf(statements: PolicyStatement[], qualifier: string | null = null): ResourcePolicy {
  const resource = qualifier ? `${FUNCTION_ARN}:${qualifier}` : FUNCTION_ARN;
  return {
    qualifier,
    policy: {
      Version: '2012-10-17',
      Id: 'default',
      Statement: statements.map((s) => ({ Resource: resource, ...s })),
    },
  };
}

const invoke = 'lambda:InvokeFunction';

export const S3_SCOPED: PolicyStatement = {
  Sid: 'lambda-7f3a-s3',
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: invoke,
  Condition: {
    StringEquals: { 'AWS:SourceAccount': ACCOUNT },
    ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-uploads' },
  },
};

export const S3_ARN_ONLY: PolicyStatement = {
  Sid: 's3-uploads',
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: invoke,
  Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-uploads' } },
};

export const SNS_SCOPED: PolicyStatement = {
  Sid: 'sns-orders-topic',
  Effect: 'Allow',
  Principal: { Service: 'sns.amazonaws.com' },
  Action: invoke,
  Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:sns:${REGION}:${ACCOUNT}:orders-topic` } },
};

export const SNS_NO_SOURCE: PolicyStatement = {
  Sid: 'sns-any',
  Effect: 'Allow',
  Principal: { Service: 'sns.amazonaws.com' },
  Action: invoke,
};

export const EVENTS_SCOPED: PolicyStatement = {
  Sid: 'nightly-report-rule',
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: invoke,
  Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly-report` } },
};

export const APIGW_SCOPED: PolicyStatement = {
  Sid: 'apigateway-get-items',
  Effect: 'Allow',
  Principal: { Service: 'apigateway.amazonaws.com' },
  Action: invoke,
  Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/GET/items` } },
};

/** checks.md's example of a condition that restricts nothing. */
export const APIGW_WILDCARD: PolicyStatement = {
  Sid: 'apigateway-any',
  Effect: 'Allow',
  Principal: { Service: 'apigateway.amazonaws.com' },
  Action: invoke,
  Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:*:*/*/GET/*' } },
};

export const ALB_SCOPED: PolicyStatement = {
  Sid: 'alb-orders-tg',
  Effect: 'Allow',
  Principal: { Service: 'elasticloadbalancing.amazonaws.com' },
  Action: invoke,
  Condition: {
    ArnLike: {
      'AWS:SourceArn': `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/orders-tg/0a1b2c3d4e5f6a7b`,
    },
  },
};

export const LOGS_SCOPED: PolicyStatement = {
  Sid: 'logs-subscription',
  Effect: 'Allow',
  Principal: { Service: 'logs.amazonaws.com' },
  Action: invoke,
  Condition: {
    StringEquals: { 'AWS:SourceAccount': ACCOUNT },
    ArnLike: { 'AWS:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/payments:*` },
  },
};

export const ALEXA_SKILL: PolicyStatement = {
  Sid: 'alexa-skill',
  Effect: 'Allow',
  Principal: { Service: 'alexa-appkit.amazon.com' },
  Action: invoke,
  Condition: {
    StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' },
  },
};

export const ALEXA_ANY: PolicyStatement = {
  Sid: 'alexa-any-skill',
  Effect: 'Allow',
  Principal: { Service: 'alexa-appkit.amazon.com' },
  Action: invoke,
};

export const CROSS_ACCOUNT: PolicyStatement = {
  Sid: 'partner-invoke',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
  Action: invoke,
};

export const SAME_ACCOUNT_ROLE: PolicyStatement = {
  Sid: 'ops-role',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` },
  Action: invoke,
};

export const PUBLIC: PolicyStatement = {
  Sid: 'public-invoke',
  Effect: 'Allow',
  Principal: '*',
  Action: invoke,
};

export const PUBLIC_ORG: PolicyStatement = {
  Sid: 'org-invoke',
  Effect: 'Allow',
  Principal: '*',
  Action: invoke,
  Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
};

/** The pre-2025 URL grant AWS wrote for AuthType NONE. */
export const URL_NONE: PolicyStatement = {
  Sid: 'FunctionURLAllowPublicAccess',
  Effect: 'Allow',
  Principal: '*',
  Action: 'lambda:InvokeFunctionUrl',
  Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
};

/** The grant AWS requires since October 2025 next to URL_NONE. */
export const URL_INVOKE_VIA_URL: PolicyStatement = {
  Sid: 'FunctionURLAllowInvokeAction',
  Effect: 'Allow',
  Principal: '*',
  Action: invoke,
  Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
};

export function urlConfig(overrides: Partial<FunctionUrlConfig> = {}): FunctionUrlConfig {
  return {
    FunctionUrl: 'https://4kx7w2q9tz3m5n8b6c1d0e2f4g6h8j0k.lambda-url.eu-central-1.on.aws/',
    FunctionArn: FUNCTION_ARN,
    AuthType: 'NONE',
    InvokeMode: 'BUFFERED',
    ...overrides,
  };
}
