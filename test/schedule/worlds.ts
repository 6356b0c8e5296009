/**
 * Two small worlds for the digest tests, three functions each, so SDK retries under throttling
 * stay fast. From the first world to the second, `orders-api` loses its public policy (fixed:
 * policy-public-invoke) and `reports` gains a public function URL (new: url-public).
 */
import type { World, WorldFunction } from '../fakes/aws/index.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';
export const arn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;

function fn(name: string, extra: Partial<WorldFunction> = {}): WorldFunction {
  return {
    Configuration: { FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler' },
    Tags: { team: 'core' },
    ...extra,
  };
}

const publicPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'public',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunction',
      Resource: arn('orders-api'),
    },
  ],
};

function world(functions: WorldFunction[]): World {
  return {
    defaultAccount: ACCOUNT,
    accounts: {
      [ACCOUNT]: {
        regions: {
          [REGION]: {
            functions,
            logGroups: functions.map((f) => ({
              logGroupName: `/aws/lambda/${f.Configuration.FunctionName}`,
              retentionInDays: 14,
            })),
          },
        },
        iam: {
          roles: [
            {
              RoleName: 'app-role',
              CreateDate: '2024-01-01T00:00:00Z',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'lambda.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
              AttachedPolicies: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
            },
          ],
        },
      },
    },
  } as World;
}

export function firstWorld(): World {
  return world([fn('orders-api', { Policy: publicPolicy }), fn('billing-worker'), fn('reports')]);
}

export function secondWorld(): World {
  return world([
    fn('orders-api'),
    fn('billing-worker'),
    fn('reports', {
      UrlConfigs: [{ FunctionUrl: 'https://r.lambda-url.eu-central-1.on.aws/', AuthType: 'NONE' }],
    }),
  ]);
}
