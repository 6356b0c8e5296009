import {
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  paginateDescribeLogGroups,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  paginateListCodeSigningConfigs,
  paginateListEventSourceMappings,
  paginateListFunctionsByCodeSigningConfig,
} from '@aws-sdk/client-lambda';
import { unqualifiedFunctionArn } from '../arn.js';
import type { AwsClients } from '../aws/clients.js';
import { sleepWithinDeadline } from '../aws/deadline.js';
import { mapBounded } from '../concurrency.js';
import type { CodeSigningConfig, EventSourceMapping, LogGroup, LogSearch, Unverified } from '../model.js';
import { redactLogLine } from '../secrets.js';
import { allPages, as, attempt } from './attempt.js';
import { toCodeSigningConfig, toEventSourceMapping } from './lambda-shapes.js';
import { classifyLogLine } from './log-errors.js';
import { emptyCounts, toLogGroup } from './logs.js';

/** One account-wide read: its value, or null and the gap that explains why. */
export interface Prefetched<T> {
  value: T | null;
  gap: Unverified | null;
}

/**
 * What a scan reads once per account and region instead of once per function: event source
 * mappings, code signing configs, the /aws/lambda/ log groups, and recent errors through Logs
 * Insights over up to 50 log groups a query. Each is a promise, started at once, so functions
 * are collected while the slower listings (Insights) still run. A failed listing is a gap for
 * every function of the region, never "none".
 */
export interface RegionPrefetch {
  eventSourceMappings: Promise<Prefetched<Map<string, EventSourceMapping[]>>>;
  /** Function ARN -> its config; a function missing from the map has none. */
  codeSigning: Promise<Prefetched<Map<string, CodeSigningConfig>>>;
  /** Log groups under LOG_PREFIX by name; a function's group elsewhere is read on its own. */
  logGroups: Promise<Prefetched<Map<string, LogGroup>>>;
  recentErrors: Promise<Prefetched<Map<string, LogSearch>>>;
}

export const LOG_PREFIX = '/aws/lambda/';
const INSIGHTS_GROUPS = 50;
const INSIGHTS_ROWS = 10_000;
const INSIGHTS_IN_FLIGHT = 4;
/** A query still running after this is abandoned: the region's recent errors become a gap. */
const INSIGHTS_BUDGET_MS = 5 * 60_000;
const MAX_SAMPLES = 5;
/** Why a search that hit the row limit is a gap for every group of its batch. */
export const INSIGHTS_CUT_OFF =
  `Logs Insights stopped at ${INSIGHTS_ROWS} matching lines for a batch of log groups: ` +
  'only the newest were read; older failures are unverified';
const INSIGHTS_QUERY = [
  'fields @timestamp, @message, @log',
  'filter @message like /ERROR|Error|error|Exception|Task timed out|signal: killed|Runtime.OutOfMemory|Rate Exceeded|TooManyRequestsException/',
  'sort @timestamp desc',
  `limit ${INSIGHTS_ROWS}`,
].join(' | ');

async function mappingsByFunction(clients: AwsClients): Promise<Map<string, EventSourceMapping[]>> {
  const all = await allPages(paginateListEventSourceMappings({ client: clients.lambda }, {}), (p) =>
    p.EventSourceMappings?.map(toEventSourceMapping),
  );
  const byFunction = new Map<string, EventSourceMapping[]>();
  for (const mapping of all) {
    const key = unqualifiedFunctionArn(mapping.FunctionArn ?? '');
    byFunction.set(key, [...(byFunction.get(key) ?? []), mapping]);
  }
  return byFunction;
}

async function codeSigningByFunction(clients: AwsClients): Promise<Map<string, CodeSigningConfig>> {
  const configs = await allPages(
    paginateListCodeSigningConfigs({ client: clients.lambda }, {}),
    (p) => p.CodeSigningConfigs,
  );
  const byFunction = new Map<string, CodeSigningConfig>();
  await Promise.all(
    configs.map(async (config) => {
      const arns = await as(
        'lambda:ListFunctionsByCodeSigningConfig',
        allPages(
          paginateListFunctionsByCodeSigningConfig(
            { client: clients.lambda },
            { CodeSigningConfigArn: config.CodeSigningConfigArn },
          ),
          (p) => p.FunctionArns,
        ),
      );
      for (const arn of arns) byFunction.set(unqualifiedFunctionArn(arn), toCodeSigningConfig(config));
    }),
  );
  return byFunction;
}

async function lambdaLogGroups(clients: AwsClients): Promise<Map<string, LogGroup>> {
  const groups = await allPages(
    paginateDescribeLogGroups({ client: clients.logs }, { logGroupNamePrefix: LOG_PREFIX }),
    (p) => p.logGroups,
  );
  return new Map(groups.map((g) => [g.logGroupName ?? '', toLogGroup(g)]));
}

/** One Insights query over up to 50 groups; polls until it completes. */
async function insightsBatch(
  clients: AwsClients,
  names: string[],
  startTime: number,
  endTime: number,
): Promise<Map<string, LogSearch>> {
  const { queryId } = await clients.logs.send(
    new StartQueryCommand({
      logGroupNames: names,
      startTime: Math.floor(startTime / 1000),
      endTime: Math.ceil(endTime / 1000),
      queryString: INSIGHTS_QUERY,
      limit: INSIGHTS_ROWS,
    }),
  );
  let answer: GetQueryResultsCommandOutput;
  let wait = 250;
  const deadline = Date.now() + INSIGHTS_BUDGET_MS;
  for (;;) {
    answer = await as('logs:GetQueryResults', clients.logs.send(new GetQueryResultsCommand({ queryId })));
    if (answer.status === 'Complete') break;
    if (Date.now() > deadline) throw new Error(`Logs Insights query still ${answer.status} after 5 minutes`);
    if (answer.status !== 'Running' && answer.status !== 'Scheduled') {
      throw new Error(`Logs Insights query ${answer.status ?? 'ended without a status'}`);
    }
    await sleepWithinDeadline(wait);
    wait = Math.min(wait * 2, 2_000);
  }
  const searches = new Map(
    names.map((name): [string, LogSearch] => [
      name,
      { logGroupName: name, startTime, endTime, counts: emptyCounts(), samples: [], truncated: false },
    ]),
  );
  const rows = answer.results ?? [];
  for (const row of rows) {
    const field = (name: string) => row.find((f) => f.field === name)?.value ?? '';
    // @log is "<account>:<group name>".
    const group = field('@log').replace(/^\d{12}:/, '');
    const search = searches.get(group);
    const message = field('@message');
    const kind = classifyLogLine(message);
    if (!search || !kind) continue;
    search.counts[kind]++;
    if (search.samples.length < MAX_SAMPLES) {
      search.samples.push({
        timestamp: Date.parse(`${field('@timestamp').replace(' ', 'T')}Z`),
        message: redactLogLine(message).slice(0, 500),
      });
    }
  }
  // At the row limit the counts are lower bounds for every group of the batch.
  if (rows.length >= INSIGHTS_ROWS) for (const search of searches.values()) search.truncated = true;
  return searches;
}

async function recentErrors(
  clients: AwsClients,
  names: string[],
  startTime: number,
  endTime: number,
): Promise<Map<string, LogSearch>> {
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += INSIGHTS_GROUPS) batches.push(names.slice(i, i + INSIGHTS_GROUPS));
  // CloudWatch Logs runs a limited number of Insights queries at once per account: a few at a time.
  const results = await mapBounded(batches, INSIGHTS_IN_FLIGHT, (batch) =>
    insightsBatch(clients, batch, startTime, endTime),
  );
  return new Map(results.flatMap((r) => [...r]));
}

async function prefetched<T>(area: string, api: string, read: () => Promise<T>): Promise<Prefetched<T>> {
  const gaps: Unverified[] = [];
  const value = await attempt(gaps, area, api, read);
  return { value, gap: gaps[0] ?? null };
}

/** Starts a region's account-wide reads for the functions listed there (their log groups' names). */
export function prefetchRegion(
  clients: AwsClients,
  logGroupNames: readonly string[],
  window: { startTime: number; endTime: number },
): RegionPrefetch {
  const logGroups = prefetched('logs', 'logs:DescribeLogGroups', () => lambdaLogGroups(clients));
  return {
    eventSourceMappings: prefetched('triggers', 'lambda:ListEventSourceMappings', () =>
      mappingsByFunction(clients),
    ),
    codeSigning: prefetched('supply-chain', 'lambda:ListCodeSigningConfigs', () =>
      codeSigningByFunction(clients),
    ),
    logGroups,
    recentErrors: logGroups.then(({ value, gap }) => {
      if (!value) return { value: null, gap };
      const names = logGroupNames.filter((name) => value.has(name));
      return prefetched('logs', 'logs:StartQuery', () =>
        recentErrors(clients, names, window.startTime, window.endTime),
      );
    }),
  };
}
