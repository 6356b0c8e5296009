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
import { attempt } from './attempt.js';
import { classifyLogLine, ERROR_FILTER_PATTERN } from './log-errors.js';

const MAX_PAGES = 5;
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

/**
 * Searches one log group for failures over [startTime, endTime] with FilterLogEvents, a bounded
 * number of pages. A missing group is an empty search (logs-no-log-group reports it), not a gap.
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
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let answer: FilterLogEventsCommandOutput;
      try {
        answer = await clients.logs.send(
          new FilterLogEventsCommand({
            logGroupName,
            startTime,
            endTime,
            filterPattern: ERROR_FILTER_PATTERN,
            nextToken,
            limit: 200,
          }),
        );
      } catch (error) {
        if (isNotFound(error)) return search;
        throw error;
      }
      for (const event of answer.events ?? []) {
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
      nextToken = answer.nextToken;
      if (!nextToken) return search;
    }
    search.truncated = true;
    return search;
  });
}
