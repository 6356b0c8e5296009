/**
 * CloudWatch Logs over JSON 1.1 (`X-Amz-Target: Logs_20140328.<Op>`): DescribeLogGroups,
 * FilterLogEvents and Logs Insights (StartQuery, GetQueryResults). Errors are JSON bodies with
 * `__type`; Logs answers throttling and AccessDenied with status 400.
 */
import { compileFilterPattern } from './filter-pattern.js';
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  type FakeResponse,
  paginate,
  type ServiceRouter,
  stableUuid,
} from './http.js';
import { compileQuery, type InsightsEvent, QuerySyntaxError, runQuery } from './insights.js';
import { type JsonOperation, optionalNumber, optionalString, routeJson } from './json-rpc.js';
import type { FakeState } from './state.js';
import type { Json, WorldLogGroup } from './world.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const MAX_QUERY_GROUPS = 50;

type Input = Record<string, unknown>;

interface LoggedEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export function logsRouter(state: FakeState): ServiceRouter {
  const handlers: Record<string, JsonOperation> = {
    DescribeLogGroups: { resource: (_i, req) => groupArn(req, '*'), run: describeLogGroups },
    FilterLogEvents: { resource: (i, req) => groupArn(req, groupNameOf(i)), run: filterLogEvents },
    StartQuery: { resource: (_i, req) => groupArn(req, '*'), run: startQuery },
    GetQueryResults: { resource: (_i, req) => groupArn(req, '*'), run: getQueryResults },
  };

  function groups(req: FakeRequest): WorldLogGroup[] {
    return state.region(req.account, req.region).logGroups ?? [];
  }

  function findGroup(req: FakeRequest, nameOrArn: string): WorldLogGroup | undefined {
    const name = nameOrArn.startsWith('arn:') ? nameFromArn(nameOrArn) : nameOrArn;
    return groups(req).find((g) => g.logGroupName === name);
  }

  function describeLogGroups(input: Input, req: FakeRequest): Json {
    const prefix = optionalString(input.logGroupNamePrefix);
    const identifiers = input.logGroupIdentifiers;
    if (prefix !== undefined && identifiers !== undefined) {
      throw invalid('LogGroupIdentifiers and LogGroupNamePrefix are mutually exclusive');
    }
    let found = groups(req);
    if (prefix !== undefined) found = found.filter((g) => g.logGroupName.startsWith(prefix));
    if (Array.isArray(identifiers)) {
      const names = identifiers.map((id) =>
        String(id).startsWith('arn:') ? nameFromArn(String(id)) : String(id),
      );
      found = found.filter((g) => names.includes(g.logGroupName));
    }
    const pattern = optionalString(input.logGroupNamePattern);
    if (pattern !== undefined)
      found = found.filter((g) => g.logGroupName.toLowerCase().includes(pattern.toLowerCase()));
    found = [...found].sort((a, b) => a.logGroupName.localeCompare(b.logGroupName));
    const page = paginate(
      found,
      optionalString(input.nextToken),
      optionalNumber(input.limit),
      { size: 50, max: 50 },
      badToken,
    );
    const body: Record<string, Json> = { logGroups: page.items.map((g) => describe(g, req)) };
    if (page.next) body.nextToken = page.next;
    return body;
  }

  function describe(group: WorldLogGroup, req: FakeRequest): Record<string, Json> {
    const { events, ...rest } = group;
    const arn = `arn:aws:logs:${req.region}:${req.account}:log-group:${group.logGroupName}`;
    const out: Record<string, Json> = {
      creationTime: 1_704_067_200_000,
      metricFilterCount: 0,
      arn: `${arn}:*`,
      logGroupArn: arn,
      storedBytes: (events ?? []).reduce((sum, e) => sum + e.message.length, 0),
      logGroupClass: 'STANDARD',
    };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) out[key] = value;
    return out;
  }

  /** The group's events with times resolved and AWS's bookkeeping fields filled in, oldest first. */
  function eventsOf(group: WorldLogGroup): LoggedEvent[] {
    return (group.events ?? [])
      .map((event, i) => {
        const timestamp = event.timestamp < 0 ? state.loadedAt + event.timestamp : event.timestamp;
        return {
          logStreamName: event.logStreamName ?? defaultStream(timestamp, group.logGroupName),
          timestamp,
          message: event.message,
          ingestionTime: timestamp + 50,
          eventId: eventId(group.logGroupName, i, timestamp),
        };
      })
      .sort((a, b) => a.timestamp - b.timestamp);
  }

  function filterLogEvents(input: Input, req: FakeRequest): Json {
    const name = groupNameOf(input);
    const group = findGroup(req, name);
    if (!group)
      throw new ApiError('ResourceNotFoundException', 400, 'The specified log group does not exist.');
    const matcher = compileFilterPattern(optionalString(input.filterPattern));
    if (!matcher)
      throw invalid(
        `The fake supports term, ?OR, -exclusion and "phrase" patterns only: ${String(input.filterPattern)}`,
      );
    const start = optionalNumber(input.startTime) ?? 0;
    const end = optionalNumber(input.endTime) ?? Number.MAX_SAFE_INTEGER;
    const streams = Array.isArray(input.logStreamNames) ? input.logStreamNames.map(String) : null;
    const streamPrefix = optionalString(input.logStreamNamePrefix);
    const matched = eventsOf(group).filter(
      (e) =>
        e.timestamp >= start &&
        e.timestamp <= end &&
        (!streams || streams.includes(e.logStreamName)) &&
        (streamPrefix === undefined || e.logStreamName.startsWith(streamPrefix)) &&
        matcher(e.message),
    );
    const page = paginate(
      matched,
      optionalString(input.nextToken),
      optionalNumber(input.limit),
      { size: 10_000, max: 10_000 },
      badToken,
    );
    const body: Record<string, Json> = { events: page.items.map((e) => ({ ...e })), searchedLogStreams: [] };
    if (page.next) body.nextToken = page.next;
    return body;
  }

  function startQuery(input: Input, req: FakeRequest): Json {
    const names = [
      ...(typeof input.logGroupName === 'string' ? [input.logGroupName] : []),
      ...(Array.isArray(input.logGroupNames) ? input.logGroupNames.map(String) : []),
      ...(Array.isArray(input.logGroupIdentifiers) ? input.logGroupIdentifiers.map(String) : []),
    ];
    if (names.length === 0)
      throw invalid('One of logGroupName, logGroupNames or logGroupIdentifiers is required');
    if (names.length > MAX_QUERY_GROUPS) {
      throw invalid(`A query can search at most ${MAX_QUERY_GROUPS} log groups; got ${names.length}`);
    }
    let compiled: ReturnType<typeof compileQuery>;
    try {
      compiled = compileQuery(String(input.queryString ?? ''));
    } catch (error) {
      if (error instanceof QuerySyntaxError)
        throw new ApiError('MalformedQueryException', 400, error.message);
      throw error;
    }
    // Insights takes seconds; both ends of the window are inclusive.
    const start = (optionalNumber(input.startTime) ?? 0) * 1000;
    const end = (optionalNumber(input.endTime) ?? 0) * 1000 + 999;
    const events: InsightsEvent[] = [];
    let bytes = 0;
    for (const name of names) {
      const group = findGroup(req, name);
      if (!group) {
        throw new ApiError(
          'ResourceNotFoundException',
          400,
          `Log group '${name}' does not exist for account ID '${req.account}'`,
        );
      }
      for (const e of eventsOf(group)) {
        if (e.timestamp < start || e.timestamp > end) continue;
        bytes += e.message.length;
        events.push({
          timestamp: e.timestamp,
          message: e.message,
          log: `${req.account}:${group.logGroupName}`,
          logStream: e.logStreamName,
        });
      }
    }
    const limit = optionalNumber(input.limit);
    if (limit && (compiled.limit === null || limit < compiled.limit)) compiled.limit = limit;
    const queryId = stableUuid(`query#${state.next()}`);
    state.queries.set(queryId, {
      rows: runQuery(compiled, events),
      recordsScanned: events.length,
      bytesScanned: bytes,
      polls: 0,
    });
    return { queryId };
  }

  function getQueryResults(input: Input): Json {
    const queryId = String(input.queryId ?? '');
    const query = state.queries.get(queryId);
    if (!query) throw new ApiError('ResourceNotFoundException', 400, `Query ${queryId} does not exist`);
    query.polls += 1;
    if (query.polls <= (state.knobs.queryPolls ?? 0)) {
      return {
        queryLanguage: 'CWLI',
        results: [],
        statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
        status: 'Running',
      };
    }
    return {
      queryLanguage: 'CWLI',
      results: query.rows,
      statistics: {
        recordsMatched: query.rows.length,
        recordsScanned: query.recordsScanned,
        bytesScanned: query.bytesScanned,
      },
      status: 'Complete',
    };
  }

  return {
    route: (req) => routeJson('logs', CONTENT_TYPE, handlers, req),
    render(error: ApiError, req: FakeRequest): FakeResponse {
      return {
        status: error.status,
        headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': req.requestId, ...error.extra.headers },
        body: JSON.stringify({ __type: error.code, message: error.message, ...error.extra.fields }),
      };
    },
    throttled: () => new ApiError('ThrottlingException', 400, 'Rate exceeded'),
    denied: (api, resource, req) =>
      new ApiError('AccessDeniedException', 400, deniedMessage(req.callerArn, api, resource)),
    failure: () =>
      new ApiError(
        'ServiceUnavailableException',
        500,
        'The service cannot complete the request (injected by the fake).',
      ),
  };
}

function groupArn(req: FakeRequest, name: string): string {
  return `arn:aws:logs:${req.region}:${req.account}:log-group:${name}:*`;
}

function groupNameOf(input: Input): string {
  return String(input.logGroupName ?? input.logGroupIdentifier ?? '');
}

/** `arn:aws:logs:r:a:log-group:/aws/lambda/x` or with a trailing `:*`. */
function nameFromArn(arn: string): string {
  const name = arn.slice(arn.indexOf(':log-group:') + ':log-group:'.length);
  return name.endsWith(':*') ? name.slice(0, -2) : name;
}

function defaultStream(timestamp: number, group: string): string {
  const day = new Date(timestamp).toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${stableUuid(`${group}${day}`).replace(/-/g, '')}`;
}

function eventId(group: string, index: number, timestamp: number): string {
  const hash = Number.parseInt(stableUuid(`${group}#${index}`).slice(0, 8), 16);
  return `${timestamp}${String(hash).padStart(10, '0')}${String(index).padStart(6, '0')}`.padEnd(56, '0');
}

function invalid(message: string): ApiError {
  return new ApiError('InvalidParameterException', 400, message);
}

function badToken(): ApiError {
  return invalid('The specified nextToken is invalid.');
}
