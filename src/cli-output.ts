/**
 * What the CLI makes of a verb's output: the text, JSON or SARIF it prints, the one-line notice
 * of gaps on stderr, and the exit code (a gap is never read as clean).
 */
import { accountChecks, checks } from './checks/index.js';
import { type Format, version } from './cli-help.js';
import type { CommandOutput, PagedOutput } from './engine-contract.js';
import { type AuditReport, type ScanResult, SEVERITIES, type Severity, severityRank } from './model.js';
import { renderJson, renderScanJson, scanJsonChunks } from './render/json.js';
import { renderRoleText } from './render/role-text.js';
import { renderSarif, sarifChunks } from './render/sarif.js';
import { renderScanResultText, renderScanText } from './render/scan-text.js';
import { renderSnoozedText } from './render/snoozed.js';
import { renderLogsText, renderText, renderTriggersText } from './render/text.js';
import { resultOf, reportOf as wholeReport } from './scan-result.js';

/** `incomplete`: something could not be read, so a clean result would be a guess. */
export const EXIT = { clean: 0, findings: 1, usage: 2, aws: 3, incomplete: 3 } as const;

/** A scan's output as a ScanResult, however it was kept: the one way the CLI reads a scan. */
function scanOf(output: PagedOutput): ScanResult | null {
  if (output.kind === 'scan-result') return output.result;
  if (output.kind === 'scan') return resultOf(output.report);
  return null;
}

/** The single function's report of an audit, triggers, logs or role answer. */
function reportOf(output: PagedOutput): AuditReport | null {
  return output.kind === 'help' ||
    output.kind === 'snoozed' ||
    !('report' in output) ||
    output.kind === 'scan'
    ? null
    : output.report;
}

/**
 * renderOutput in pieces to write one after the other: a scan's JSON and SARIF a function at a
 * time, its functions read page by page (a scan kept in the store is never one array for JSON,
 * SARIF or text).
 */
export async function* renderOutputChunks(
  output: PagedOutput,
  format: Format,
  color: boolean,
): AsyncGenerator<string> {
  const scan = scanOf(output);
  const single = reportOf(output);
  if (format === 'sarif') {
    if (scan) yield* sarifChunks(scan, RULES, { version: version() });
    else if (single) {
      const accounts = single.account ? [single.account] : [];
      yield await renderSarif([single], RULES, { version: version() }, { failed: [], accounts });
    } else if (output.kind !== 'scan-result') yield renderOutput(output, 'text', color); // help, snoozed: no SARIF
  } else if (scan && format === 'json') yield* scanJsonChunks(scan);
  else if (scan && format === 'text') yield await renderScanResultText(scan, { color });
  else if (output.kind === 'scan-result')
    yield renderOutput({ kind: 'scan', report: await wholeReport(output.result) }, format, color);
  else yield renderOutput(output, format, color);
}

/** Every check and account check as SARIF rules. */
const RULES = [...checks, ...accountChecks];

/** Renders a verb's output as text or JSON (SARIF is only written by renderOutputChunks). */
export function renderOutput(
  output: CommandOutput,
  format: Exclude<Format, 'sarif'>,
  color: boolean,
): string {
  if (output.kind === 'help') return output.text;
  if (output.kind === 'snoozed')
    return format === 'json' ? JSON.stringify(output.items, null, 2) : renderSnoozedText(output.items);
  if (output.kind === 'scan')
    return format === 'json' ? renderScanJson(output.report) : renderScanText(output.report, { color });
  if (format === 'json') return renderJson(output.report);
  if (output.kind === 'role') return renderRoleText(output.report, { color });
  if (output.kind === 'triggers') return renderTriggersText(output.report, { color });
  if (output.kind === 'logs') return renderLogsText(output.report, { color });
  return renderText(output.report, { color });
}

/**
 * A gate must not read a gap as clean: with --fail-on, anything unverified is incomplete (3)
 * before findings count, since the findings it hides could be above the threshold. A scan is
 * judged by its totals (its functions need not be read again).
 */
export function exitFor(
  output: PagedOutput,
  options: { failOn: Severity | null; allowGaps: boolean },
): number {
  const threshold = options.failOn ? severityRank(options.failOn) : Number.POSITIVE_INFINITY;
  const scan = scanOf(output);
  if (scan) {
    // A scan that could not read some functions or regions is not clean: it could not look.
    if (scan.summary.failed.length > 0) return EXIT.incomplete;
    const gaps = scan.summary.incomplete > 0 || scan.accounts.some((a) => a.unverified.length > 0);
    if (options.failOn && !options.allowGaps && gaps) return EXIT.incomplete;
    const hit = SEVERITIES.some((s) => severityRank(s) >= threshold && scan.summary.bySeverity[s] > 0);
    return hit ? EXIT.findings : EXIT.clean;
  }
  const report = reportOf(output);
  if (!report) return EXIT.clean;
  if (options.failOn && !options.allowGaps && report.unverified.length > 0) return EXIT.incomplete;
  return report.findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT.findings : EXIT.clean;
}

/**
 * One line on stderr, so a gap is seen even when stdout goes to a file or a pipe. A scan's
 * functions with a gap are read again (only those); its accounts' gaps count too.
 */
export async function gapsNotice(output: PagedOutput): Promise<string | null> {
  const scan = scanOf(output);
  const single = reportOf(output);
  const reports: AuditReport[] = single && single.unverified.length > 0 ? [single] : [];
  if (scan) for await (const page of scan.functions({ withGaps: true })) reports.push(...page);
  if (reports.length === 0) return null;
  const apis = [...new Set(reports.flatMap((r) => r.unverified.map((g) => g.api)))].sort();
  const gaps =
    reports.reduce((sum, r) => sum + r.unverified.length, 0) +
    (scan?.accounts ?? []).reduce((sum, a) => sum + a.unverified.length, 0);
  return (
    `lambda-audit: ${gaps} ${gaps === 1 ? 'read' : 'reads'} failed in ${reports.length} ` +
    `${reports.length === 1 ? 'function' : 'functions'} (${apis.join(', ')}): ` +
    'what they cover is unverified, not clean\n'
  );
}
