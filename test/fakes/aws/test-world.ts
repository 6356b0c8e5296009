/**
 * A small world for the fake's own tests: one main account with a public function, an alias
 * with its own policy, a URL, mappings, roles and log groups; a second account to assume into.
 * Also client helpers that point the real SDK clients at a fake.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { World, WorldFunction } from './world.js';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
export const REGION = 'eu-central-1';
export const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
/** The change-events queue and its dead-letter queue (messages move there after 3 receives). */
export const EVENTS_QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:change-events`;
export const EVENTS_DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:change-events-dlq`;
export const CSC_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`;

export const FUNCTION_POLICY = {
  Version: '2012-10-17',
  Id: 'default',
  Statement: [
    {
      Sid: 'public',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunction',
      Resource: FN_ARN,
    },
  ],
};

export const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export const INLINE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::orders/*' },
  ],
};

const ORDERS: WorldFunction = {
  Configuration: {
    FunctionName: 'orders-api',
    Runtime: 'nodejs20.x',
    Role: ROLE_ARN,
    Handler: 'index.handler',
    PackageType: 'Zip',
    Environment: { Variables: { TABLE: 'orders' } },
  },
  Tags: { team: 'payments' },
  Concurrency: { ReservedConcurrentExecutions: 10 },
  Policy: FUNCTION_POLICY,
  Aliases: [
    { Name: 'live', FunctionVersion: '3', Policy: { ...FUNCTION_POLICY, Statement: [] } },
    { Name: 'beta', FunctionVersion: '4' },
  ],
  UrlConfigs: [
    {
      FunctionUrl: 'https://abc.lambda-url.eu-central-1.on.aws/',
      AuthType: 'NONE',
      Cors: { AllowOrigins: ['*'] },
    },
    { FunctionUrl: 'https://live.lambda-url.eu-central-1.on.aws/', AuthType: 'AWS_IAM', Qualifier: 'live' },
  ],
  EventInvokeConfigs: [{ MaximumRetryAttempts: 0 }],
  CodeSigningConfigArn: CSC_ARN,
};

/**
 * `count` filler functions named fn-000, fn-001, ... besides orders-api. A fresh copy each call:
 * tests edit their world, and test files share this module (vitest runs them without isolation).
 */
export function testWorld(count = 0): World {
  const fillers: WorldFunction[] = Array.from({ length: count }, (_, i) => ({
    Configuration: {
      FunctionName: `fn-${String(i).padStart(3, '0')}`,
      Role: ROLE_ARN,
      Runtime: 'python3.12',
    },
  }));
  const now = -60_000;
  return structuredClone<World>({
    accounts: {
      [ACCOUNT]: {
        regions: {
          [REGION]: {
            functions: [ORDERS, ...fillers],
            eventSourceMappings: [
              {
                UUID: 'esm-1',
                FunctionArn: FN_ARN,
                EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`,
              },
              {
                UUID: 'esm-2',
                FunctionArn: `${FN_ARN}:live`,
                EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:live`,
              },
              ...Array.from({ length: 150 }, (_, i) => ({
                UUID: `esm-other-${i}`,
                FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:other`,
                EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/s${i}`,
              })),
            ],
            codeSigningConfigs: [
              {
                CodeSigningConfigArn: CSC_ARN,
                CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
              },
            ],
            logGroups: [
              {
                logGroupName: '/aws/lambda/orders-api',
                retentionInDays: 14,
                events: [
                  { timestamp: now - 5_000, message: 'START RequestId: 1' },
                  { timestamp: now - 4_000, message: '[ERROR] KeyError: order_id' },
                  { timestamp: now - 3_000, message: 'Task timed out after 3.00 seconds' },
                  {
                    timestamp: now - 2_000,
                    message: 'Runtime exited with error: signal: killed Runtime.OutOfMemory',
                  },
                  { timestamp: now - 1_000, message: 'REPORT RequestId: 1 Duration: 3000 ms' },
                  { timestamp: -10 * 86_400_000, message: '[ERROR] an old error, ten days ago' },
                ],
              },
              ...Array.from({ length: 60 }, (_, i) => ({
                logGroupName: `/aws/lambda/fn-${String(i).padStart(3, '0')}`,
              })),
              { logGroupName: '/ecs/unrelated' },
            ],
            queues: [
              {
                QueueName: 'change-events',
                Attributes: {
                  VisibilityTimeout: '60',
                  RedrivePolicy: { deadLetterTargetArn: EVENTS_DLQ_ARN, maxReceiveCount: 3 },
                },
              },
              { QueueName: 'change-events-dlq', Attributes: { MessageRetentionPeriod: '1209600' } },
              {
                QueueName: 'orders',
                Attributes: {
                  KmsMasterKeyId: 'alias/aws/sqs',
                  Policy: {
                    Version: '2012-10-17',
                    Statement: [
                      {
                        Effect: 'Allow',
                        Principal: { Service: 'sns.amazonaws.com' },
                        Action: 'sqs:SendMessage',
                        Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`,
                      },
                    ],
                  },
                },
              },
            ],
          },
        },
        iam: {
          roles: [
            {
              RoleName: 'orders-api-role',
              CreateDate: '2023-05-01T10:00:00Z',
              AssumeRolePolicyDocument: TRUST_POLICY,
              RoleLastUsed: { LastUsedDate: -3_600_000, Region: REGION },
              AttachedPolicies: [
                'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
                `arn:aws:iam::${ACCOUNT}:policy/orders-extra`,
              ],
              InlinePolicies: { 's3-access': INLINE_POLICY },
              LastAccessed: [
                {
                  ServiceName: 'Amazon S3',
                  ServiceNamespace: 's3',
                  LastAuthenticated: -86_400_000,
                  LastAuthenticatedRegion: REGION,
                  LastAuthenticatedEntity: ROLE_ARN,
                  TrackedActionsLastAccessed: [
                    { ActionName: 'GetObject', LastAccessedTime: -86_400_000, LastAccessedRegion: REGION },
                    { ActionName: 'PutObject' },
                  ],
                },
                { ServiceName: 'AWS Lambda', ServiceNamespace: 'lambda' },
              ],
            },
            ...Array.from({ length: 130 }, (_, i) => ({
              RoleName: `role-${i}`,
              AssumeRolePolicyDocument: TRUST_POLICY,
            })),
          ],
          policies: [
            {
              Arn: `arn:aws:iam::${ACCOUNT}:policy/orders-extra`,
              DefaultVersionId: 'v2',
              Document: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
              },
              Versions: [{ VersionId: 'v1', Document: { Version: '2012-10-17', Statement: [] } }],
            },
          ],
        },
      },
      [OTHER_ACCOUNT]: {
        regions: {
          [REGION]: {
            functions: [{ Configuration: { FunctionName: 'billing', Role: 'arn:aws:iam::x:role/r' } }],
          },
        },
        iam: { roles: [{ RoleName: 'audit', AssumeRolePolicyDocument: TRUST_POLICY }] },
      },
    },
  });
}

/** Static credentials for the default account; the key id carries no account. */
export const CREDENTIALS = { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };

interface ClientOptions {
  maxAttempts?: number;
}

function config(url: string, options: ClientOptions) {
  return { endpoint: url, region: REGION, credentials: CREDENTIALS, maxAttempts: options.maxAttempts ?? 3 };
}

export const clients = {
  lambda: (url: string, options: ClientOptions = {}) => new LambdaClient(config(url, options)),
  iam: (url: string, options: ClientOptions = {}) => new IAMClient(config(url, options)),
  sts: (url: string, options: ClientOptions = {}) => new STSClient(config(url, options)),
  logs: (url: string, options: ClientOptions = {}) => new CloudWatchLogsClient(config(url, options)),
  sqs: (url: string, options: ClientOptions = {}) => new SQSClient(config(url, options)),
};
