import { AccountClient } from '@aws-sdk/client-account';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import {
  currentDeadline,
  DEFAULT_TIMEOUTS,
  DeadlineHttp2Handler,
  DeadlineHttpHandler,
  deadlineSignal,
  type RequestTimeouts,
} from './deadline.js';
import { recordFailedCall } from './errors.js';
import { actionName, iamActionName, type RateLimiter } from './rate-limiter.js';

/** Where and as whom to call AWS. Unset fields fall back to the SDK's own chain (env, profile, IMDS). */
export interface AwsTarget {
  region: string;
  /** Overrides every service's endpoint (the demo's fake AWS). AWS_ENDPOINT_URL works without it. */
  endpoint?: string;
  credentials?: Credentials | (() => Promise<Credentials>);
  /** Paces every request under AWS's quotas (one limiter per account). */
  limiter?: RateLimiter;
  /** Connection and request timeouts of each attempt; DEFAULT_TIMEOUTS when unset. */
  timeouts?: RequestTimeouts;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

interface MiddlewareClient {
  middlewareStack: {
    add: (
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string; __smithy_context?: { abortSignal?: AbortSignal } },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize' | 'finalizeRequest'; priority: 'high' | 'low'; name: string },
    ) => void;
  };
}

/**
 * Every error leaves the client tagged with the IAM action of the call that failed (retries
 * done), so a read of several calls names the one that failed, not the first.
 */
function named(client: MiddlewareClient, service: string): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        recordFailedCall(error, iamActionName(service, context.commandName ?? ''));
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'lambdaAuditFailedCall' },
  );
}

/**
 * The retry middleware stops waiting to retry when the current deadline passes (it reads the
 * signal from the smithy context; the request handler reads it from async context itself). The
 * context is shared by every call of a command (cacheMiddleware), so it gets deadlineSignal,
 * which answers for the deadline of the call that reads it.
 */
function deadlined(client: MiddlewareClient): void {
  client.middlewareStack.add(
    (next, context) => (args) => {
      context.__smithy_context ??= {};
      context.__smithy_context.abortSignal ??= deadlineSignal as AbortSignal;
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'lambdaAuditDeadline' },
  );
}

/**
 * Every attempt (retries included: this sits inside the retry middleware) waits for a token
 * of its API's quota.
 */
function paced(client: MiddlewareClient, service: string, region: string, limiter: RateLimiter): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await limiter.take(actionName(service, context.commandName ?? ''), region, currentDeadline()?.signal);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'lambdaAuditQuotaPacing' },
  );
}

export interface AwsClients {
  region: string;
  lambda: LambdaClient;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
  /** Monitoring and network placement: alarms, trails, GuardDuty, subnets and security groups. */
  cloudwatch: CloudWatchClient;
  cloudtrail: CloudTrailClient;
  guardduty: GuardDutyClient;
  ec2: EC2Client;
  /** API Gateway REST APIs (v1) and HTTP/WebSocket APIs (v2): one control plane, one quota. */
  apigateway: APIGatewayClient;
  apigatewayv2: ApiGatewayV2Client;
  /** Message sources of the invocation paths, and the keys they encrypt with. */
  sns: SNSClient;
  sqs: SQSClient;
  kms: KMSClient;
  /** Buckets that notify functions, and the account's Block Public Access (S3 Control). */
  s3: S3Client;
  s3control: S3ControlClient;
  /** EventBridge rules and buses, Kinesis streams and DynamoDB tables behind streams. */
  events: EventBridgeClient;
  kinesis: KinesisClient;
  dynamodb: DynamoDBClient;
  /** Application Load Balancers that forward to functions. */
  elbv2: ElasticLoadBalancingV2Client;
  /** The organization's accounts (AUDIT_ORG_ROLE_NAME) and the regions each has enabled. */
  organizations: OrganizationsClient;
  account: AccountClient;
}

/**
 * Throttling is retried by the SDK's standard strategy (exponential backoff with jitter); we
 * allow more attempts than its default 3 because a throttled read must not become a gap.
 */
const MAX_ATTEMPTS = 6;

/**
 * The configuration every client is made with: endpoint, credentials, retries, and a request
 * handler of its own with our timeouts that honours the current deadline. A new client is made
 * with `new XClient(clientConfig(target))` and listed in `services` below.
 */
export function clientConfig(target: AwsTarget) {
  return {
    region: target.region,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: new DeadlineHttpHandler(target.timeouts ?? DEFAULT_TIMEOUTS),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
  };
}

/**
 * The configuration of a client that repeats its commands for every function (Lambda's, API
 * Gateway's; IAM's for every role): the SDK resolves a command's middleware once per client
 * (cacheMiddleware), not on every call. Resolving ~40 middlewares and their context per call was
 * ~18% of a call's CPU (bench/sdk-call-cpu.ts, 0.69 -> 0.56 ms a call). A cached command keeps
 * ~4 KB per client, so clients that make a call or two per account-region do not cache. The cached
 * middleware shares one context among a command's calls, and the endpoint middleware writes each
 * call's endpoint there: right only where no request's input moves the endpoint (not S3's bucket,
 * Kinesis's stream, DynamoDB's table); test/aws/clients.test.ts checks that against the SDK's rules.
 */
function repeatedCalls(target: AwsTarget) {
  return { ...clientConfig(target), cacheMiddleware: true };
}

/**
 * S3 Control's endpoint rules put the account id in front of the host (`123456789012.<host>`),
 * for a custom endpoint too (AWS_ENDPOINT_URL, the demo's fake), where no such host exists. The
 * SDK's `disableHostPrefix` does not reach those rules in the SDK version we pin, so with a custom
 * endpoint we resolve as for an operation without the prefix: the request goes to the endpoint as
 * given, and the account still travels in its `x-amz-account-id` header.
 */
function s3ControlClient(target: AwsTarget): S3ControlClient {
  const client = new S3ControlClient(clientConfig(target));
  const rules = client.config.endpointProvider;
  client.config.endpointProvider = (params, context) =>
    rules(params.Endpoint ? { ...params, RequiresAccountId: false } : params, context);
  return client;
}

/** How each client of AwsClients is made, and the service its quotas and IAM actions are named by. */
function makers(target: AwsTarget): {
  [K in Exclude<keyof AwsClients, 'region'>]: [string, () => AwsClients[K]];
} {
  return {
    lambda: ['lambda', () => new LambdaClient(repeatedCalls(target))],
    // IAM is global; its endpoint lives in us-east-1 (the SDK resolves it from any region).
    iam: ['iam', () => new IAMClient(repeatedCalls(target))],
    logs: ['logs', () => new CloudWatchLogsClient(clientConfig(target))],
    sts: ['sts', () => new STSClient(clientConfig(target))],
    cloudwatch: ['cloudwatch', () => new CloudWatchClient(clientConfig(target))],
    cloudtrail: ['cloudtrail', () => new CloudTrailClient(clientConfig(target))],
    guardduty: ['guardduty', () => new GuardDutyClient(clientConfig(target))],
    ec2: ['ec2', () => new EC2Client(clientConfig(target))],
    // v1 and v2 share one control plane and its quota.
    apigateway: ['apigateway', () => new APIGatewayClient(repeatedCalls(target))],
    apigatewayv2: ['apigateway', () => new ApiGatewayV2Client(repeatedCalls(target))],
    sns: ['sns', () => new SNSClient(clientConfig(target))],
    // Queue URLs here are built from ARNs (sources/messages.ts), so the endpoint must come from the
    // region or AWS_ENDPOINT_URL, not from a URL we made up: by default the SDK would send the
    // request to the URL's host (AWS's public one), past a custom endpoint or a VPC endpoint.
    sqs: ['sqs', () => new SQSClient({ ...clientConfig(target), useQueueUrlAsEndpoint: false })],
    kms: ['kms', () => new KMSClient(clientConfig(target))],
    // Path-style against a custom endpoint: bucket names are no subdomains of a local fake.
    s3: [
      's3',
      () => new S3Client({ ...clientConfig(target), ...(target.endpoint ? { forcePathStyle: true } : {}) }),
    ],
    s3control: ['s3control', () => s3ControlClient(target)],
    events: ['events', () => new EventBridgeClient(clientConfig(target))],
    // The Kinesis client speaks HTTP/2 (its default handler is NodeHttp2Handler): keep it so.
    kinesis: [
      'kinesis',
      () =>
        new KinesisClient({
          ...clientConfig(target),
          requestHandler: new DeadlineHttp2Handler(target.timeouts ?? DEFAULT_TIMEOUTS),
        }),
    ],
    dynamodb: ['dynamodb', () => new DynamoDBClient(clientConfig(target))],
    elbv2: ['elasticloadbalancing', () => new ElasticLoadBalancingV2Client(clientConfig(target))],
    organizations: ['organizations', () => new OrganizationsClient(clientConfig(target))],
    account: ['account', () => new AccountClient(clientConfig(target))],
  };
}

/** The clients made so far for each AwsClients, to destroy them (and no others). */
const madeClients = new WeakMap<AwsClients, { destroy(): void }[]>();

/**
 * Every service's client for one region and identity, each made on first use (a scan of a
 * hundred accounts in every region would otherwise hold thousands of clients it never calls).
 */
export function createClients(target: AwsTarget): AwsClients {
  const clients = { region: target.region } as AwsClients;
  const made: { destroy(): void }[] = [];
  madeClients.set(clients, made);
  for (const [key, [service, make]] of Object.entries(makers(target))) {
    let client: { destroy(): void } | undefined;
    Object.defineProperty(clients, key, {
      enumerable: true,
      get() {
        if (!client) {
          client = make();
          named(client as unknown as MiddlewareClient, service);
          deadlined(client as unknown as MiddlewareClient);
          if (target.limiter)
            paced(client as unknown as MiddlewareClient, service, target.region, target.limiter);
          made.push(client);
        }
        return client;
      },
    });
  }
  return clients;
}

/**
 * Releases what the clients `createClients` made hold of their own (Kinesis's HTTP/2 sessions);
 * HTTP/1.1 connections stay in the process's shared keep-alive pool (deadline.ts).
 */
export function destroyClients(clients: AwsClients): void {
  for (const client of madeClients.get(clients) ?? []) client.destroy();
}

/** Clients per region, made once and shared by every audit in the process. */
export class ClientPool {
  private readonly byRegion = new Map<string, AwsClients>();
  constructor(private readonly base: Omit<AwsTarget, 'region'> = {}) {}

  get(region: string): AwsClients {
    let clients = this.byRegion.get(region);
    if (!clients) {
      clients = createClients({ ...this.base, region });
      this.byRegion.set(region, clients);
    }
    return clients;
  }

  destroy(): void {
    for (const c of this.byRegion.values()) destroyClients(c);
    this.byRegion.clear();
  }
}
