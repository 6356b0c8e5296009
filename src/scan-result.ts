/**
 * A scan's result whichever way it was kept: a report in memory read as a ScanResult (so the CLI
 * has one way to print a scan), a ScanResult read whole where a consumer needs every function at
 * once (the engine's scan()), and its riskiest functions only (Slack's answer).
 */
import {
  type AuditReport,
  compareReports,
  compareRisk,
  type RiskRow,
  riskiestFirst,
  riskRow,
  type ScanReport,
  type ScanResult,
} from './model.js';

/** A scan held in memory, read as a ScanResult: its functions in one page, in compareReports order. */
export function resultOf(report: ScanReport): ScanResult {
  return {
    summary: report.summary,
    accounts: report.accounts ?? [],
    async *functions(options) {
      const functions = options?.withGaps
        ? report.functions.filter((r) => r.unverified.length > 0)
        : report.functions;
      if (functions.length > 0) yield [...functions].sort(compareReports);
    },
  };
}

/** Every function of a scan in one report, riskiest first (as the scan's consumers list them). */
export async function reportOf(result: ScanResult): Promise<ScanReport> {
  const functions: AuditReport[] = [];
  for await (const page of result.functions()) functions.push(...page);
  return { functions: riskiestFirst(functions), accounts: result.accounts, summary: result.summary };
}

/**
 * The scan as a report of its `limit` riskiest functions, riskiest first, with the whole scan's
 * summary and account sections (`summary.functions` counts them all): read page by page, so
 * never more than a page and `limit` reports at once.
 */
export async function riskiestOf(result: ScanResult, limit: number): Promise<ScanReport> {
  const kept: { row: RiskRow; report: AuditReport }[] = [];
  for await (const page of result.functions()) {
    for (const report of page) kept.push({ row: riskRow(report), report });
    kept.sort((a, b) => compareRisk(a.row, b.row));
    kept.splice(limit);
  }
  return { functions: kept.map((k) => k.report), accounts: result.accounts, summary: result.summary };
}
