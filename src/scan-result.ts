/**
 * A scan's result whichever way it was kept: a report in memory read as a ScanResult (so the CLI
 * has one way to print a scan), and a ScanResult read whole where a consumer needs every function
 * at once (Slack's answer, the digest, the findings recorded).
 */
import {
  type AuditReport,
  compareReports,
  riskiestFirst,
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
