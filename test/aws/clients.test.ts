import * as account from '@aws-sdk/client-account';
import * as apigateway from '@aws-sdk/client-api-gateway';
import * as apigatewayv2 from '@aws-sdk/client-apigatewayv2';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as cloudwatch from '@aws-sdk/client-cloudwatch';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as events from '@aws-sdk/client-eventbridge';
import * as guardduty from '@aws-sdk/client-guardduty';
import * as iam from '@aws-sdk/client-iam';
import * as kinesis from '@aws-sdk/client-kinesis';
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import * as organizations from '@aws-sdk/client-organizations';
import * as s3 from '@aws-sdk/client-s3';
import * as s3control from '@aws-sdk/client-s3-control';
import * as sns from '@aws-sdk/client-sns';
import * as sqs from '@aws-sdk/client-sqs';
import * as sts from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { type AwsClients, createClients, destroyClients } from '../../src/aws/clients.js';
import { CREDENTIALS } from '../fakes/sample-world.js';

/** Every SDK package a client of AwsClients comes from. */
const PACKAGES: readonly Record<string, unknown>[] = [
  account,
  apigateway,
  apigatewayv2,
  cloudtrail,
  cloudwatch,
  dynamodb,
  ec2,
  elbv2,
  events,
  guardduty,
  iam,
  kinesis,
  kms,
  lambda,
  logs,
  organizations,
  s3,
  s3control,
  sns,
  sqs,
  sts,
];

interface EndpointInstruction {
  type: string;
}
type Command = { getEndpointParameterInstructions(): Record<string, EndpointInstruction> };

/** True when one of the package's commands has an endpoint that depends on the request's input. */
function endpointReadsInput(pkg: Record<string, unknown>): boolean {
  return Object.values(pkg)
    .filter(
      (value): value is Command => typeof value === 'function' && 'getEndpointParameterInstructions' in value,
    )
    .some((command) =>
      Object.values(command.getEndpointParameterInstructions()).some(
        (instruction) =>
          instruction.type === 'contextParams' || instruction.type === 'operationContextParams',
      ),
    );
}

describe('the clients', () => {
  it("resolve a command's middleware once (cacheMiddleware) only where no request's input moves the endpoint", () => {
    // The cached middleware shares one context among a command's calls, and the endpoint middleware
    // writes each call's endpoint there: a bucket or a stream in the endpoint would cross calls.
    const clients = createClients({
      region: 'eu-central-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: CREDENTIALS,
    });
    const cached: string[] = [];
    const unsafe: string[] = [];
    for (const key of Object.keys(clients).filter((k) => k !== 'region')) {
      const client = clients[key as Exclude<keyof AwsClients, 'region'>] as {
        config: { cacheMiddleware?: boolean };
      };
      const pkg = PACKAGES.find((p) => Object.values(p).includes(client.constructor));
      if (!pkg) throw new Error(`no SDK package listed here makes the ${key} client`);
      if (client.config.cacheMiddleware === true) cached.push(key);
      if (endpointReadsInput(pkg)) unsafe.push(key);
    }
    // The clients that repeat their commands for every function or role cache; none that may not.
    expect(cached.sort()).toEqual(['apigateway', 'apigatewayv2', 'iam', 'lambda']);
    expect(unsafe.filter((key) => cached.includes(key))).toEqual([]);
    // The check sees the clients whose endpoint does read the input.
    expect(unsafe.sort()).toEqual(['dynamodb', 'events', 'kinesis', 's3', 's3control']);
    destroyClients(clients);
  });
});
