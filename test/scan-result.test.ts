/** A scan's riskiest functions read from its pages: the same as sorting every function, holding only a few. */
import { describe, expect, it } from 'vitest';
import { type AuditReport, compareReports, riskiestFirst, type ScanResult } from '../src/model.js';
import { riskiestOf } from '../src/scan-result.js';
import { makeReport, makeScan } from './slack/fixtures.js';

/** The scan's functions in compareReports order, `size` a page (as the store reads them). */
function paged(functions: readonly AuditReport[], size: number): ScanResult {
  const ordered = [...functions].sort(compareReports);
  const scan = makeScan(0);
  return {
    summary: { ...scan.summary, functions: functions.length },
    accounts: [],
    async *functions() {
      for (let i = 0; i < ordered.length; i += size) yield ordered.slice(i, i + size);
    },
  };
}

describe('riskiestOf', () => {
  // Findings from none to six a function, so that the riskiest are spread over every page.
  const functions = Array.from({ length: 40 }, (_, i) =>
    makeReport({ name: `fn-${String(i).padStart(2, '0')}`, findings: (i * 5) % 7 }),
  );

  it.each([1, 3, 200])('keeps the riskiest, riskiest first, from pages of %i', async (size) => {
    const report = await riskiestOf(paged(functions, size), 8);
    expect(report.functions).toEqual(riskiestFirst(functions).slice(0, 8));
    expect(report.summary.functions).toBe(40);
  });

  it('keeps every function of a scan smaller than the limit', async () => {
    const report = await riskiestOf(paged(functions, 3), 100);
    expect(report.functions).toEqual(riskiestFirst(functions));
  });
});
