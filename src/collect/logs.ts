import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
  type LogGroup as SdkLogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from '../aws/clients.js';
import { isNotFound } from '../aws/errors.js';
import type { LogErrorKind, LogGroup, LogSearch, Unverified } from '../model.js';
import { redactLogLine } from '../secrets.js';
import { duration } from '../triage/when.js';
import { attempt } from './attempt.js';
import { classifyLogLine, ERROR_FILTER_PATTERN } from './log-errors.js';

const MAX_SAMPLES = 5;
const MAX_SAMPLE_LENGTH = 500;

/** The log group a function writes to: its LoggingConfig, else Lambda's default name. */
export function logGroupNameOf(configuration: {
  FunctionName: string;
  LoggingConfig?: { LogGroup?: string };
}): string {
  return configuration.LoggingConfig?.LogGroup ?? `/aws/lambda/${configuration.FunctionName}`;
}

/** The snapshot's shape of a DescribeLogGroups entry. */
export function toLogGroup(found: SdkLogGroup): LogGroup {
  const group: LogGroup = { logGroupName: found.logGroupName ?? '' };
  if (found.arn) group.arn = found.arn;
  if (found.retentionInDays !== undefined) group.retentionInDays = found.retentionInDays;
  if (found.kmsKeyId) group.kmsKeyId = found.kmsKeyId;
  if (found.creationTime !== undefined) group.creationTime = found.creationTime;
  if (found.storedBytes !== undefined) group.storedBytes = found.storedBytes;
  return group;
}

/** Reads the log group's settings; `group: null` when it does not exist. */
export async function readLogGroup(
  clients: AwsClients,
  name: string,
  gaps: Unverified[],
): Promise<{ name: string; group: LogGroup | null } | null> {
  return attempt(gaps, 'logs', 'logs:DescribeLogGroups', async () => {
    // The prefix match can return neighbours (/aws/lambda/foo-bar for foo): keep the exact name.
    const answer = await clients.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }),
    );
    const found = answer.logGroups?.find((g) => g.logGroupName === name);
    const group = found ? toLogGroup(found) : null;
    return { name, group };
  });
}

export function emptyCounts(): Record<LogErrorKind, number> {
  return { error: 0, timeout: 0, outOfMemory: 0, unhandled: 0, throttle: 0 };
}

/** Pages of one search, in all; each page holds up to PAGE_SIZE matching lines. */
const MAX_PAGES = 10;
const PAGE_SIZE = 200;
/** A busy window is walked back from its end in slices, the first this share of it, doubling. */
const FIRST_SLICE_SHARE = 64;
const MIN_SLICE_MS = 60_000;

type FilteredEvents = NonNullable<FilterLogEventsCommandOutput['events']>;

function tally(search: LogSearch, events: FilteredEvents): void {
  for (const event of events) {
    const kind = classifyLogLine(event.message ?? '');
    if (!kind) continue;
    search.counts[kind]++;
    if (search.samples.length < MAX_SAMPLES) {
      const message = redactLogLine(event.message ?? '')
        .trim()
        .slice(0, MAX_SAMPLE_LENGTH);
      search.samples.push({ timestamp: event.timestamp ?? 0, message });
    }
  }
}

/**
 * Searches one log group for failures over [startTime, endTime] with FilterLogEvents, within
 * MAX_PAGES pages. FilterLogEvents answers oldest first, so a window with more than one page of
 * matches is searched again newest first, in slices walking back from its end: recent failures
 * are seen however noisy the hours before them. A search the budget cuts off is a gap naming
 * logs:FilterLogEvents (what it did not reach is unverified, not clean). A missing group is an
 * empty search (logs-no-log-group reports it), not a gap.
 */
export async function searchRecentErrors(
  clients: AwsClients,
  logGroupName: string,
  startTime: number,
  endTime: number,
  gaps: Unverified[],
): Promise<LogSearch | null> {
  return attempt(gaps, 'logs', 'logs:FilterLogEvents', async () => {
    const search: LogSearch = {
      logGroupName,
      startTime,
      endTime,
      counts: emptyCounts(),
      samples: [],
      truncated: false,
    };
    const page = async (from: number, to: number, nextToken?: string) =>
      clients.logs.send(
        new FilterLogEventsCommand({
          logGroupName,
          startTime: from,
          endTime: to,
          filterPattern: ERROR_FILTER_PATTERN,
          nextToken,
          limit: PAGE_SIZE,
        }),
      );
    let first: FilterLogEventsCommandOutput;
    try {
      first = await page(startTime, endTime);
    } catch (error) {
      if (isNotFound(error)) return search;
      throw error;
    }
    // A quiet window fits one page: the usual case costs one call.
    if (!first.nextToken) {
      tally(search, first.events ?? []);
      return search;
    }
    let pages = 1;
    let sliceEnd = endTime;
    let sliceMs = Math.max(MIN_SLICE_MS, (endTime - startTime) / FIRST_SLICE_SHARE);
    while (sliceEnd >= startTime) {
      const sliceStart = Math.max(startTime, Math.ceil(sliceEnd - sliceMs));
      let nextToken: string | undefined;
      do {
        if (pages >= MAX_PAGES) {
          search.truncated = true;
          gaps.push({
            area: 'logs',
            api: 'logs:FilterLogEvents',
            reason: cutOff(endTime - sliceEnd, endTime - startTime),
          });
          return search;
        }
        const answer = await page(sliceStart, sliceEnd, nextToken);
        pages++;
        tally(search, answer.events ?? []);
        nextToken = answer.nextToken;
      } while (nextToken);
      // Both ends are inclusive: the next slice ends just before this one starts.
      sliceEnd = sliceStart - 1;
      sliceMs *= 2;
    }
    return search;
  });
}

function cutOff(coveredMs: number, windowMs: number): string {
  return (
    `log search cut off after ${MAX_PAGES} pages of ${PAGE_SIZE} matching lines: searched ` +
    `${duration(coveredMs)} of the ${duration(windowMs)} window, newest first; older failures are unverified`
  );
}
