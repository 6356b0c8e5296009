/**
 * What the CLI makes of a verb's output: the text, JSON or SARIF it prints, the one-line notice
 * of gaps on stderr, and the exit code (a gap is never read as clean).
 */
import { accountChecks, checks } from './checks/index.js';
import { type Format, version } from './cli-help.js';
import type { CommandOutput } from './engine-contract.js';
import { type AuditReport, type Severity, severityRank } from './model.js';
import { renderJson, renderScanJson, scanJsonChunks } from './render/json.js';
import { renderRoleText } from './render/role-text.js';
import { renderSarif } from './render/sarif.js';
import { renderScanText } from './render/scan-text.js';
import { renderSnoozedText } from './render/snoozed.js';
import { renderLogsText, renderText, renderTriggersText } from './render/text.js';

/** `incomplete`: something could not be read, so a clean result would be a guess. */
export const EXIT = { clean: 0, findings: 1, usage: 2, aws: 3, incomplete: 3 } as const;

function reportsOf(output: CommandOutput): AuditReport[] {
  if (output.kind === 'scan') return output.report.functions;
  if (output.kind === 'help') return [];
  if (output.kind === 'snoozed') return [];
  return [output.report];
}

/** renderOutput in pieces to write one after the other: a scan's JSON a function at a time. */
export function renderOutputChunks(output: CommandOutput, format: Format, color: boolean): Iterable<string> {
  if (output.kind === 'scan' && format === 'json') return scanJsonChunks(output.report);
  return [renderOutput(output, format, color)];
}

/** Renders a verb's output in the chosen format. */
export function renderOutput(output: CommandOutput, format: Format, color: boolean): string {
  if (output.kind === 'help') return output.text;
  if (output.kind === 'snoozed')
    return format === 'json' ? JSON.stringify(output.items, null, 2) : renderSnoozedText(output.items);
  if (format === 'sarif') {
    const failed = output.kind === 'scan' ? output.report.summary.failed : [];
    const accounts =
      output.kind === 'scan'
        ? (output.report.accounts ?? [])
        : reportsOf(output).flatMap((r) => (r.account ? [r.account] : []));
    return renderSarif(
      reportsOf(output),
      [...checks, ...accountChecks],
      { version: version() },
      { failed, accounts },
    );
  }
  if (output.kind === 'scan')
    return format === 'json' ? renderScanJson(output.report) : renderScanText(output.report, { color });
  if (format === 'json') return renderJson(output.report);
  if (output.kind === 'role') return renderRoleText(output.report, { color });
  if (output.kind === 'triggers') return renderTriggersText(output.report, { color });
  if (output.kind === 'logs') return renderLogsText(output.report, { color });
  return renderText(output.report, { color });
}

function gapCount(output: CommandOutput): number {
  // An audit's report already carries its account's gaps; a scan keeps them per account.
  const accounts = output.kind === 'scan' ? (output.report.accounts ?? []) : [];
  return (
    reportsOf(output).reduce((sum, r) => sum + r.unverified.length, 0) +
    accounts.reduce((sum, a) => sum + a.unverified.length, 0)
  );
}

/**
 * A gate must not read a gap as clean: with --fail-on, anything unverified is incomplete (3)
 * before findings count, since the findings it hides could be above the threshold.
 */
export function exitFor(
  output: CommandOutput,
  options: { failOn: Severity | null; allowGaps: boolean },
): number {
  // A scan that could not read some functions or regions is not clean: it could not look.
  if (output.kind === 'scan' && output.report.summary.failed.length > 0) return EXIT.incomplete;
  if (options.failOn && !options.allowGaps && gapCount(output) > 0) return EXIT.incomplete;
  const threshold = options.failOn ? severityRank(options.failOn) : Number.POSITIVE_INFINITY;
  const hit = reportsOf(output).some((r) => r.findings.some((f) => severityRank(f.severity) >= threshold));
  return hit ? EXIT.findings : EXIT.clean;
}

/** One line on stderr, so a gap is seen even when stdout goes to a file or a pipe. */
export function gapsNotice(output: CommandOutput): string | null {
  const reports = reportsOf(output).filter((r) => r.unverified.length > 0);
  if (reports.length === 0) return null;
  const apis = [...new Set(reports.flatMap((r) => r.unverified.map((g) => g.api)))].sort();
  const gaps = gapCount(output);
  return (
    `lambda-audit: ${gaps} ${gaps === 1 ? 'read' : 'reads'} failed in ${reports.length} ` +
    `${reports.length === 1 ? 'function' : 'functions'} (${apis.join(', ')}): ` +
    'what they cover is unverified, not clean\n'
  );
}
