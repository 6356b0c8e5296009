import type {
  World,
  WorldFunction,
  WorldLogGroup,
  WorldManagedPolicy,
  WorldRole,
} from '../test/fakes/aws/index.js';
import type { WorldEventSourceMapping } from '../test/fakes/aws/world.js';
import { attachTrigger, scaleSources } from './scale-sources.js';

/**
 * A generated account for the scale benchmark: `functions` functions sharing `roles` execution
 * roles, with the mix a real account has (a trigger for most functions, shared by several: see
 * scale-sources.ts; some aliases and URLs, log groups with a few errors, customer and
 * AWS-managed policies).
 */
export function scaleWorld(
  functions: number,
  roles: number,
  account = '123456789012',
  region = 'eu-central-1',
): World {
  const policies: WorldManagedPolicy[] = Array.from({ length: 40 }, (_, i) => ({
    PolicyName: `app-policy-${i}`,
    Arn: `arn:aws:iam::${account}:policy/app-policy-${i}`,
    DefaultVersionId: 'v1',
    Document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: `arn:aws:dynamodb:${region}:${account}:table/t${i}`,
        },
        { Effect: 'Allow', Action: i % 7 === 0 ? 's3:*' : 's3:GetObject', Resource: '*' },
      ],
    },
  }));
  const managed = [
    'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
    'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
  ];
  const worldRoles: WorldRole[] = Array.from({ length: roles }, (_, i) => ({
    RoleName: `app-role-${i}`,
    CreateDate: '2024-01-01T00:00:00Z',
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
    AttachedPolicies: [
      managed[i % managed.length] as string,
      `arn:aws:iam::${account}:policy/app-policy-${i % 40}`,
    ],
    ...(i % 5 === 0
      ? {
          InlinePolicies: {
            extra: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
            },
          },
        }
      : {}),
    LastAccessed: [
      { ServiceName: 'Amazon CloudWatch Logs', ServiceNamespace: 'logs', LastAuthenticated: -86_400_000 },
      { ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', LastAuthenticated: -3 * 86_400_000 },
      {
        ServiceName: 'Amazon S3',
        ServiceNamespace: 's3',
        TrackedActionsLastAccessed: [{ ActionName: 'GetObject' }],
      },
    ],
  }));
  const fns: WorldFunction[] = [];
  const logGroups: WorldLogGroup[] = [];
  const mappings: WorldEventSourceMapping[] = [];
  for (let i = 0; i < functions; i++) {
    const name = `fn-${String(i).padStart(4, '0')}`;
    const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
    const fn: WorldFunction = {
      Configuration: {
        FunctionName: name,
        Runtime: ['nodejs22.x', 'python3.12', 'nodejs18.x', 'java21'][i % 4] as string,
        Role: `arn:aws:iam::${account}:role/app-role-${i % roles}`,
        Handler: 'index.handler',
        PackageType: 'Zip',
        MemorySize: 256,
        Timeout: 15,
        TracingConfig: { Mode: i % 3 === 0 ? 'Active' : 'PassThrough' },
        ...(i % 9 === 0 ? { Environment: { Variables: { DB_PASSWORD: `generated-${i}-password` } } } : {}),
      },
      Tags: i % 6 === 0 ? {} : { team: `team-${i % 12}` },
      Policy: { Version: '2012-10-17', Statement: [] },
    };
    const mapping = attachTrigger(fn, i, account, region);
    if (mapping) mappings.push(mapping);
    if ((fn.Policy as { Statement: unknown[] }).Statement.length === 0) delete fn.Policy;
    if (i % 10 === 0) {
      fn.Aliases = [
        {
          Name: 'live',
          FunctionVersion: '1',
          Policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: '999988887777' },
                Action: 'lambda:InvokeFunction',
                Resource: `${arn}:live`,
              },
            ],
          },
        },
      ];
    }
    if (i % 20 === 0)
      fn.UrlConfigs = [
        { FunctionUrl: `https://u${i}.lambda-url.${region}.on.aws/`, AuthType: i % 40 ? 'AWS_IAM' : 'NONE' },
      ];
    fns.push(fn);
    if (i % 25 !== 0) {
      logGroups.push({
        logGroupName: `/aws/lambda/${name}`,
        retentionInDays: i % 3 ? 30 : undefined,
        events: i % 8 === 0 ? [{ timestamp: -3_600_000, message: `ERROR failure in ${name}` }] : [],
      });
    }
  }
  return {
    defaultAccount: account,
    accounts: {
      [account]: {
        regions: {
          [region]: {
            functions: fns,
            eventSourceMappings: mappings,
            logGroups,
            ...scaleSources(functions, account, region),
          },
        },
        iam: { roles: worldRoles, policies },
      },
    },
  };
}
