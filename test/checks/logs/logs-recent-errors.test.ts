import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsRecentErrors } from '../../../src/checks/logs/logs-recent-errors.js';
import type { LogErrorKind, LogSearch } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(logsRecentErrors);

const START = Date.parse('2026-11-23T09:00:00Z');
const END = Date.parse('2026-11-24T09:00:00Z');

function search(counts: Partial<Record<LogErrorKind, number>>, extra: Partial<LogSearch> = {}): LogSearch {
  return {
    logGroupName: '/aws/lambda/orders-api',
    startTime: START,
    endTime: END,
    counts: { error: 0, timeout: 0, outOfMemory: 0, unhandled: 0, throttle: 0, ...counts },
    samples: [],
    truncated: false,
    ...extra,
  };
}

const line = (message: string, minute = 0) => ({ timestamp: START + minute * 60_000, message });

describe('logs-recent-errors', () => {
  for (const [name, counts, summary] of [
    ['errors', { error: 12 }, '12 errors'],
    ['timeouts', { timeout: 3 }, '3 timeouts'],
    ['out-of-memory kills', { outOfMemory: 1 }, '1 out-of-memory kill'],
    ['unhandled exceptions', { unhandled: 4, throttle: 2 }, '4 unhandled exceptions, 2 throttles'],
  ] as [string, Partial<Record<LogErrorKind, number>>, string][])
    fires(`flags ${name} in the window with counts per kind`, () => {
      const findings = runChecks(
        [logsRecentErrors],
        makeSnapshot({ recentErrors: search(counts) }),
        makeContext(),
      );
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        check: 'logs-recent-errors',
        severity: 'medium',
        evidence: { counts },
      });
      expect(findings[0]?.detail).toBe(`${summary} in /aws/lambda/orders-api over the last 24 h.`);
      return findings;
    });

  it('carries at most five sample lines, redacted again', () => {
    const samples = [
      line('ERROR connect postgres://app:Sup3rS3cret@db:5432/app refused', 1),
      line('Task timed out after 10.00 seconds', 2),
      line('ERROR Invoke Error {"errorType":"Error","apiKey":"k-1234567890"}', 3),
      line('Runtime exited with error: signal: killed', 4),
      line('ERROR retry 4', 5),
      line('ERROR retry 5', 6),
    ];
    const [finding] = runChecks(
      [logsRecentErrors],
      makeSnapshot({ recentErrors: search({ error: 6, timeout: 1 }, { samples }) }),
      makeContext(),
    );
    const out = finding?.evidence.samples as { timestamp: string; message: string }[];
    expect(out).toHaveLength(5);
    expect(out[0]).toEqual({
      timestamp: '2026-11-23T09:01:00.000Z',
      message: 'ERROR connect postgres://app:[REDACTED]@db:5432/app refused',
    });
    expect(JSON.stringify(finding)).not.toMatch(/Sup3rS3cret|k-1234567890/);
  });

  it('says when counts are lower bounds', () => {
    const [finding] = runChecks(
      [logsRecentErrors],
      makeSnapshot({ recentErrors: search({ error: 10_000 }, { truncated: true }) }),
      makeContext(),
    );
    expect(finding?.detail).toContain('10000+ errors');
    expect(finding?.evidence.countsAreLowerBounds).toBe(true);
  });

  for (const [name, recentErrors] of [
    ['a clean window', search({})],
    ['a window with only throttles', search({ throttle: 7 })],
  ] as const)
    silent(`does not flag ${name}`, () =>
      runChecks([logsRecentErrors], makeSnapshot({ recentErrors }), makeContext()),
    );

  dataMissing('yields nothing when the logs could not be searched', unread(makeSnapshot(), 'recentErrors'));
});
