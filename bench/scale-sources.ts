/**
 * The trigger sources of the scale benchmark's account: REST APIs, SNS topics, SQS queues, S3
 * buckets, Application Load Balancers, EventBridge rules (on shared buses, and schedules), Kinesis
 * streams and DynamoDB tables, each shared by several functions as in a real account, so that a scan shows each
 * source read once however many functions it feeds. `triggerOf(i)` says which feeds function i.
 */
import type { Json, WorldFunction, WorldRegion } from '../test/fakes/aws/index.js';
import type { WorldEventSourceMapping } from '../test/fakes/aws/world.js';

/** How many of each source the account has (the benchmark mix, plus the stream kinds). */
export const SOURCE_COUNTS = {
  restApis: 60,
  topics: 40,
  queues: 40,
  buckets: 20,
  loadBalancers: 10,
  rules: 40,
  streams: 20,
  tables: 20,
} as const;

export type TriggerKind = 'api' | 'topic' | 'queue' | 'bucket' | 'alb' | 'rule' | 'stream' | 'table' | 'none';

/** Function i's trigger: 30% behind an API, 10% a topic, 10% a queue, 5% each of the others. */
export function triggerOf(i: number): { kind: TriggerKind; index: number } {
  const slot = i % 20;
  const pick = (kind: TriggerKind, count: number) => ({ kind, index: Math.floor(i / 20) % count });
  // Six slots of every twenty: each API fronts ten functions.
  if (slot < 6) return { kind: 'api', index: (Math.floor(i / 20) * 6 + slot) % SOURCE_COUNTS.restApis };
  if (slot < 8) return pick('topic', SOURCE_COUNTS.topics);
  if (slot < 10) return pick('queue', SOURCE_COUNTS.queues);
  if (slot === 10) return pick('bucket', SOURCE_COUNTS.buckets);
  if (slot === 11) return pick('rule', SOURCE_COUNTS.rules);
  if (slot === 12) return pick('stream', SOURCE_COUNTS.streams);
  if (slot === 13) return pick('table', SOURCE_COUNTS.tables);
  if (slot === 14) return pick('alb', SOURCE_COUNTS.loadBalancers);
  return { kind: 'none', index: 0 };
}

const invokeGrant = (service: string, arn: string, sourceArn: string): Json => ({
  Sid: `${service.split('.')[0]}-trigger`,
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 'lambda:InvokeFunction',
  Resource: arn,
  Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
});

export function sourceNames(account: string, region: string) {
  return {
    api: (n: number) => `api${String(n).padStart(7, '0')}`,
    topic: (n: number) => `arn:aws:sns:${region}:${account}:topic-${n}`,
    queue: (n: number) => `arn:aws:sqs:${region}:${account}:queue-${n}`,
    // Bucket names are global across accounts and regions: an organization's worlds must not share them.
    bucket: (n: number) => `bench-bucket-${account}-${region}-${n}`,
    loadBalancer: (n: number) =>
      `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/alb-${n}/${String(n).padStart(16, '0')}`,
    // A Lambda target group holds one function: one per function behind a load balancer.
    targetGroup: (i: number) =>
      `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/tg-${i}/${String(i).padStart(16, '0')}`,
    rule: (n: number) =>
      n % 2
        ? `arn:aws:events:${region}:${account}:rule/bus-${n % 5}/rule-${n}`
        : `arn:aws:events:${region}:${account}:rule/rule-${n}`,
    stream: (n: number) => `arn:aws:kinesis:${region}:${account}:stream/stream-${n}`,
    table: (n: number) => `arn:aws:dynamodb:${region}:${account}:table/table-${n}`,
  };
}

/** The grant (push sources) or mapping (pull sources) that ties function i to its trigger. */
export function attachTrigger(
  fn: WorldFunction,
  i: number,
  account: string,
  region: string,
): WorldEventSourceMapping | null {
  const arn = `arn:aws:lambda:${region}:${account}:function:${fn.Configuration.FunctionName}`;
  const names = sourceNames(account, region);
  const { kind, index } = triggerOf(i);
  const grants = (fn.Policy as { Statement: Json[] }).Statement;
  const mapping = (EventSourceArn: string): WorldEventSourceMapping => ({
    UUID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    FunctionArn: arn,
    EventSourceArn,
    State: 'Enabled',
    BatchSize: 100,
    LastProcessingResult: 'OK',
  });
  if (kind === 'api')
    grants.push(
      invokeGrant(
        'apigateway.amazonaws.com',
        arn,
        `arn:aws:execute-api:${region}:${account}:${names.api(index)}/*/*/*`,
      ),
    );
  if (kind === 'topic') grants.push(invokeGrant('sns.amazonaws.com', arn, names.topic(index)));
  if (kind === 'bucket') {
    const grant = invokeGrant('s3.amazonaws.com', arn, `arn:aws:s3:::${names.bucket(index)}`) as {
      Condition: Record<string, Json>;
    };
    grant.Condition.StringEquals = { 'AWS:SourceAccount': account };
    grants.push(grant as Json);
  }
  if (kind === 'alb')
    grants.push(invokeGrant('elasticloadbalancing.amazonaws.com', arn, names.targetGroup(i)));
  if (kind === 'rule') grants.push(invokeGrant('events.amazonaws.com', arn, names.rule(index)));
  if (kind === 'queue') return mapping(names.queue(index));
  if (kind === 'stream') return mapping(names.stream(index));
  if (kind === 'table') return mapping(`${names.table(index)}/stream/2026-01-01T00:00:00.000`);
  return null;
}

/** The sources themselves, each listing the functions it feeds (`functions` of the account). */
export function scaleSources(functions: number, account: string, region: string): WorldRegion {
  const names = sourceNames(account, region);
  const fed = (kind: TriggerKind, index: number) =>
    Array.from({ length: functions }, (_, i) => i).filter((i) => {
      const t = triggerOf(i);
      return t.kind === kind && t.index === index;
    });
  const fnArn = (i: number) =>
    `arn:aws:lambda:${region}:${account}:function:fn-${String(i).padStart(4, '0')}`;
  const range = (n: number) => Array.from({ length: n }, (_, k) => k);
  const putBy = (Principal: Json, action: string, resource: string): Json => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal, Action: action, Resource: resource }],
  });
  return {
    restApis: range(SOURCE_COUNTS.restApis).map((n) => ({
      id: names.api(n),
      name: `api-${n}`,
      endpointConfiguration: { types: [n % 10 === 9 ? 'PRIVATE' : 'REGIONAL'] },
      resources: [
        { id: 'root', path: '/' },
        ...fed('api', n).map((i) => ({
          id: `r${i}`,
          path: `/fn${i}`,
          resourceMethods: Object.fromEntries(
            ['GET', 'POST'].map((verb) => [
              verb,
              {
                httpMethod: verb,
                authorizationType: n % 3 === 0 ? 'NONE' : 'AWS_IAM',
                methodIntegration: {
                  type: 'AWS_PROXY',
                  uri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn(i)}/invocations`,
                },
              },
            ]),
          ),
        })),
      ],
      stages: [
        {
          stageName: 'prod',
          ...(n % 4 === 0 ? { webAclArn: `arn:aws:wafv2:${region}:${account}:regional/webacl/w/1` } : {}),
        },
      ],
    })),
    topics: range(SOURCE_COUNTS.topics).map((n) => ({
      TopicArn: names.topic(n),
      Attributes: {
        Policy: putBy(
          n % 8 === 0 ? '*' : { AWS: `arn:aws:iam::${account}:root` },
          'SNS:Publish',
          names.topic(n),
        ),
        ...(n % 2 ? { KmsMasterKeyId: 'alias/aws/sns' } : {}),
      },
    })),
    queues: range(SOURCE_COUNTS.queues).map((n) => ({
      QueueName: `queue-${n}`,
      Attributes: {
        SqsManagedSseEnabled: 'true',
        ...(n % 3
          ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: names.queue(999), maxReceiveCount: 5 }) }
          : {}),
      },
    })),
    buckets: range(SOURCE_COUNTS.buckets).map((n) => ({
      Name: names.bucket(n),
      Encryption: { SSEAlgorithm: 'AES256' },
      LambdaFunctionConfigurations: fed('bucket', n).map((i) => ({
        LambdaFunctionArn: fnArn(i),
        Events: ['s3:ObjectCreated:*'],
      })),
    })),
    targetGroups: range(SOURCE_COUNTS.loadBalancers).flatMap((n) =>
      fed('alb', n).map((i) => ({
        TargetGroupArn: names.targetGroup(i),
        TargetType: 'lambda',
        LoadBalancerArns: [names.loadBalancer(n)],
      })),
    ),
    // Half internet-facing, half internal; every one redirects HTTP to HTTPS, a third of them
    // authenticate with OIDC before forwarding.
    loadBalancers: range(SOURCE_COUNTS.loadBalancers).map((n) => {
      const listener = (suffix: string) =>
        `${names.loadBalancer(n).replace(':loadbalancer/', ':listener/')}/${suffix}`;
      const authenticate = {
        Type: 'authenticate-oidc',
        Order: 1,
        AuthenticateOidcConfig: { Issuer: 'https://idp.example.com', ClientId: 'bench' },
      };
      return {
        LoadBalancerArn: names.loadBalancer(n),
        Scheme: n % 2 ? 'internal' : 'internet-facing',
        Listeners: [
          {
            ListenerArn: listener('http'),
            Protocol: 'HTTP',
            Port: 80,
            DefaultActions: [
              { Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443' } },
            ],
          },
          {
            ListenerArn: listener('https'),
            Protocol: 'HTTPS',
            Port: 443,
            DefaultActions: [
              { Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404' } },
            ],
            Rules: fed('alb', n).map((i, k) => ({
              RuleArn: `${listener('https').replace(':listener/', ':listener-rule/')}/r${i}`,
              Priority: String(k + 1),
              Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [`/fn${i}/*`] } }],
              Actions: [
                ...(n % 3 === 0 ? [authenticate] : []),
                { Type: 'forward', Order: n % 3 === 0 ? 2 : 1, TargetGroupArn: names.targetGroup(i) },
              ],
            })),
          },
        ],
      };
    }),
    eventRules: range(SOURCE_COUNTS.rules).map((n) =>
      n % 2
        ? { Name: `rule-${n}`, EventBusName: `bus-${n % 5}`, EventPattern: { source: [`app.${n}`] } }
        : { Name: `rule-${n}`, ScheduleExpression: 'rate(1 hour)' },
    ),
    eventBuses: range(5).map((b) => ({
      Name: `bus-${b}`,
      Policy: putBy(
        b === 0 ? { AWS: '999988887777' } : { AWS: `arn:aws:iam::${account}:root` },
        'events:PutEvents',
        `arn:aws:events:${region}:${account}:event-bus/bus-${b}`,
      ),
    })),
    kinesisStreams: range(SOURCE_COUNTS.streams).map((n) => ({
      StreamName: `stream-${n}`,
      EncryptionType: n % 2 ? 'KMS' : 'NONE',
      ...(n % 2 ? { KeyId: 'alias/aws/kinesis' } : {}),
    })),
    tables: range(SOURCE_COUNTS.tables).map((n) => ({
      TableName: `table-${n}`,
      LatestStreamLabel: '2026-01-01T00:00:00.000',
    })),
  } as WorldRegion;
}
