import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  ResourceNotFoundException,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import { ACCOUNT, clients, REGION, testWorld } from './test-world.js';

let fake: FakeAws;
let logs: CloudWatchLogsClient;
const GROUP = '/aws/lambda/orders-api';
const HOUR = 3_600_000;

beforeAll(async () => {
  fake = await startFakeAws({ world: testWorld() });
  logs = clients.logs(fake.url);
});

afterAll(async () => {
  logs.destroy();
  await fake.close();
});

async function messages(filterPattern: string, startTime = Date.now() - HOUR): Promise<string[]> {
  const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, startTime, filterPattern }));
  return (out.events ?? []).map((e) => e.message ?? '');
}

describe('fake CloudWatch Logs', () => {
  it('describes log groups by prefix, with retention and ARNs', async () => {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }));
    expect(out.logGroups).toHaveLength(1);
    expect(out.logGroups?.[0]).toMatchObject({
      logGroupName: GROUP,
      retentionInDays: 14,
      arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${GROUP}:*`,
    });
    expect(out.nextToken).toBeUndefined();
  });

  it('describes log groups by identifiers (names or ARNs)', async () => {
    const out = await logs.send(
      new DescribeLogGroupsCommand({
        logGroupIdentifiers: [
          GROUP,
          `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/unrelated`,
          '/missing',
        ],
      }),
    );
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/orders-api', '/ecs/unrelated']);
  });

  it('pages through all log groups with nextToken', async () => {
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client: logs }, {})) {
      names.push(...(page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
    }
    expect(names).toHaveLength(62);
  });

  it.each([
    ['a plain term', 'ERROR', ['[ERROR] KeyError: order_id']],
    ['a quoted phrase', '"Task timed out"', ['Task timed out after 3.00 seconds']],
    [
      'alternatives',
      '?ERROR ?"Task timed out" ?Runtime.OutOfMemory',
      [
        '[ERROR] KeyError: order_id',
        'Task timed out after 3.00 seconds',
        'Runtime exited with error: signal: killed Runtime.OutOfMemory',
      ],
    ],
    ['all terms', 'RequestId REPORT', ['REPORT RequestId: 1 Duration: 3000 ms']],
    ['an exclusion', 'RequestId -REPORT', ['START RequestId: 1']],
    ['case-sensitive terms', 'error', ['Runtime exited with error: signal: killed Runtime.OutOfMemory']],
  ])('filters events with %s', async (_label, pattern, expected) => {
    expect(await messages(pattern)).toEqual(expected);
  });

  it('honours the time window (an event ten days old shows only in a wide window)', async () => {
    expect(await messages('ERROR', Date.now() - 11 * 24 * HOUR)).toHaveLength(2);
    const out = await logs.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, startTime: 0, endTime: Date.now() - 24 * HOUR }),
    );
    expect(out.events?.map((e) => e.message)).toEqual(['[ERROR] an old error, ten days ago']);
  });

  it('pages events with limit and nextToken until the token is gone', async () => {
    const seen: string[] = [];
    for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: GROUP, limit: 2 })) {
      expect(page.events?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.events ?? []).map((e) => e.eventId ?? ''));
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('answers ResourceNotFoundException for a missing group', async () => {
    const error = await logs
      .send(new FilterLogEventsCommand({ logGroupName: '/nope' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
  });

  it('runs a Logs Insights query and returns matching lines as field rows', async () => {
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupNames: [GROUP, '/aws/lambda/fn-000'],
        startTime: Math.floor((Date.now() - HOUR) / 1000),
        endTime: Math.ceil(Date.now() / 1000),
        queryString:
          'fields @timestamp, @message, @log | filter @message like /(?i)error|timed out/ | sort @timestamp desc | limit 20',
      }),
    );
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(out.status).toBe('Complete');
    const rows = (out.results ?? []).map((row) => Object.fromEntries(row.map((f) => [f.field, f.value])));
    expect(rows.map((r) => r['@message'])).toEqual([
      'Runtime exited with error: signal: killed Runtime.OutOfMemory',
      'Task timed out after 3.00 seconds',
      '[ERROR] KeyError: order_id',
    ]);
    expect(rows[0]?.['@log']).toBe(`${ACCOUNT}:${GROUP}`);
    expect(rows[0]?.['@timestamp']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(out.statistics?.recordsMatched).toBe(3);
  });

  it('rejects Insights commands it does not implement and more than 50 groups', async () => {
    const window = { startTime: 0, endTime: Math.ceil(Date.now() / 1000) };
    const stats = await logs
      .send(
        new StartQueryCommand({ ...window, logGroupName: GROUP, queryString: 'stats count(*) by bin(1h)' }),
      )
      .catch((e: unknown) => e);
    expect((stats as Error).name).toBe('MalformedQueryException');
    const many = Array.from({ length: 51 }, (_, i) => `/aws/lambda/fn-${String(i).padStart(3, '0')}`);
    const tooMany = await logs
      .send(new StartQueryCommand({ ...window, logGroupNames: many, queryString: 'fields @message' }))
      .catch((e: unknown) => e);
    expect((tooMany as Error).name).toBe('InvalidParameterException');
  });
});
