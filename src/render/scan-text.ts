/**
 * A scan for a terminal: totals, a table of every function riskiest first, the riskiest
 * functions' worst findings, and the functions that could not be fully read.
 */
import type {
  AuditReport,
  RiskRow,
  ScanReport,
  ScanResult,
  ScanSummary,
  Severity,
  Unverified,
} from '../model.js';
import { compareRisk, riskRow } from '../model.js';
import { accountLines } from './account-text.js';
import { sortFindings } from './json.js';
import {
  countsLine,
  length,
  lineWidth,
  Painter,
  pad,
  SEVERITY_LABEL_WIDTH,
  severityLabel,
  stripControl,
  type TextOptions,
  truncate,
  wrap,
} from './terminal.js';

/** How many riskiest functions a scan spells out, and how many findings for each. */
const RISKIEST = 5;
const RISKIEST_FINDINGS = 3;
const NAME_COLUMN_MAX = 48;

/** What the text keeps of each function: its row of the table, and its gaps (spelled out below). */
interface Row {
  risk: RiskRow;
  name: string;
  region: string;
  unverified: Unverified[];
}

/**
 * What the text needs of a scan's functions, gathered one function at a time: a row each (not
 * the report), the findings counted, and only the riskiest functions' reports (their worst
 * findings are spelled out), so a scan read page by page from the store is never one array.
 */
class ScanTextInput {
  readonly rows: Row[] = [];
  perFunction = 0;
  readonly fingerprints = new Set<string>();
  /** The riskest functions with a finding above info, riskiest first, RISKIEST at most. */
  readonly riskiest: { risk: RiskRow; report: AuditReport }[] = [];
  risky = 0;

  add(report: AuditReport): void {
    const risk = riskRow(report);
    const { name, region } = report.function;
    this.rows.push({
      risk,
      name: stripControl(name),
      region: stripControl(region),
      unverified: report.unverified,
    });
    this.perFunction += report.findings.length;
    for (const f of report.findings) this.fingerprints.add(f.fingerprint);
    // Info findings are context, not risk: a function with only those is not "risky".
    if (SEVERITIES_ABOVE_INFO.every((s) => risk.counts[s] === 0)) return;
    this.risky++;
    this.riskiest.push({ risk, report });
    this.riskiest.sort((a, b) => compareRisk(a.risk, b.risk));
    this.riskiest.splice(RISKIEST);
  }
}

const SEVERITIES_ABOVE_INFO: Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * A scan for a terminal: totals, one row per function with its counts, the riskiest functions
 * with their worst findings, then, loudly, the functions that were only partly or not at all
 * audited.
 */
export function renderScanText(scan: ScanReport, options: TextOptions): string {
  const input = new ScanTextInput();
  for (const report of scan.functions) input.add(report);
  return scanText(input, scan, options);
}

/** renderScanText of a scan read page by page (from the store, for a scan kept there). */
export async function renderScanResultText(scan: ScanResult, options: TextOptions): Promise<string> {
  const input = new ScanTextInput();
  for await (const page of scan.functions()) for (const report of page) input.add(report);
  return scanText(input, scan, options);
}

function scanText(
  input: ScanTextInput,
  scan: { summary: ScanSummary; accounts?: ScanReport['accounts'] },
  options: TextOptions,
): string {
  const width = lineWidth(options);
  const p = new Painter(options.color);
  const { summary } = scan;
  const rows = input.rows.sort((a, b) => compareRisk(a.risk, b.risk));
  const lines: string[] = [];

  const regions = summary.regions.map(stripControl).join(', ') || 'no region';
  lines.push(p.paint(`Scan of ${summary.functions} function(s) in ${regions}`, 'bold'));
  lines.push(`Findings: ${countsLine(summary.bySeverity, p)}`);
  const { perFunction } = input;
  const distinct = input.fingerprints.size;
  if (distinct < perFunction) {
    // The digest counts what the store tracks, one per fingerprint: say why its total is lower.
    lines.push(
      ...wrap(
        `${perFunction} findings counted on each function they concern; ${distinct} distinct (a shared role's finding is on every function that uses it; the digest counts it once)`,
        width,
        0,
      ),
    );
  }
  if (summary.incomplete > 0 || summary.failed.length > 0) {
    lines.push(
      p.paint(`${summary.incomplete} incomplete, ${summary.failed.length} failed: see below`, 'warn'),
    );
  }

  lines.push('', ...tableLines(rows, p));
  lines.push('', p.paint('Riskiest functions', 'bold'), ...riskiestLines(input, width, p));
  lines.push(...accountLines(scan.accounts ?? [], width, p));

  const incomplete = rows.filter((r) => r.unverified.length > 0);
  if (incomplete.length > 0) {
    lines.push(
      '',
      p.paint(`INCOMPLETE: ${incomplete.length} function(s) not fully checked (a gap is not a pass)`, 'warn'),
    );
    for (const r of incomplete) {
      lines.push(`  ${r.name} (${r.region})`);
      for (const u of r.unverified) {
        lines.push(
          ...wrap(`${stripControl(u.area)}: ${stripControl(u.api)}: ${stripControl(u.reason)}`, width, 4),
        );
      }
    }
  }
  lines.push(...failedLines(summary.failed, width, p));
  return `${lines.join('\n')}\n`;
}

/**
 * What could not be audited at all: whole regions or accounts (function `*`: nothing there was
 * listed, so no count of functions is known) apart from single functions.
 */
function failedLines(failed: ScanSummary['failed'], width: number, p: Painter): string[] {
  const lines: string[] = [];
  const places = failed.filter((f) => f.function === '*');
  const functions = failed.filter((f) => f.function !== '*');
  const section = (
    head: string,
    entries: ScanSummary['failed'],
    label: (f: ScanSummary['failed'][number]) => string,
  ) => {
    if (entries.length === 0) return;
    lines.push('', p.paint(head, 'fail'));
    for (const f of entries) lines.push(...wrap(`${label(f)}: ${stripControl(f.reason)}`, width, 2));
  };
  section(
    `FAILED: ${places.length} region(s) or account(s) could not be read: none of their functions was audited`,
    places,
    (f) => (f.region === '*' ? 'every region' : `region ${stripControl(f.region)}`),
  );
  section(
    `FAILED: ${functions.length} function(s) could not be audited at all`,
    functions,
    (f) => `${stripControl(f.function)} (${stripControl(f.region)})`,
  );
  return lines;
}

const COLUMNS: { severity: Severity; head: string }[] = [
  { severity: 'critical', head: 'CRIT' },
  { severity: 'high', head: 'HIGH' },
  { severity: 'medium', head: 'MED' },
  { severity: 'low', head: 'LOW' },
  { severity: 'info', head: 'INFO' },
];

function tableLines(rows: readonly Row[], p: Painter): string[] {
  if (rows.length === 0) return ['  no functions audited'];
  const names = rows.map((r) => truncate(r.name, NAME_COLUMN_MAX));
  const nameWidth = Math.max('FUNCTION'.length, ...names.map(length));
  const regionWidth = Math.max('REGION'.length, ...rows.map((r) => length(r.region)));
  const head = [
    pad('FUNCTION', nameWidth),
    pad('REGION', regionWidth),
    ...COLUMNS.map((c) => pad(c.head, 4, 'right')),
    'GAPS',
  ];
  const lines = [p.paint(head.join('  '), 'bold')];
  rows.forEach((r, i) => {
    const cells = [
      pad(names[i] ?? '', nameWidth),
      pad(r.region, regionWidth),
      ...COLUMNS.map((c) => {
        const n = r.risk.counts[c.severity];
        const cell = pad(String(n), 4, 'right');
        return n > 0 ? p.paint(cell, c.severity) : cell;
      }),
      r.unverified.length > 0
        ? p.paint(pad(String(r.unverified.length), 4, 'right'), 'warn')
        : pad('0', 4, 'right'),
    ];
    lines.push(cells.join('  '));
  });
  return lines;
}

function riskiestLines(input: ScanTextInput, width: number, p: Painter): string[] {
  if (input.risky === 0) return ['  no findings above info'];
  const lines: string[] = [];
  for (const { report } of input.riskiest) {
    const fn = report.function;
    lines.push(
      `  ${p.paint(stripControl(fn.name), 'bold')} (${stripControl(fn.region)}, ${stripControl(fn.accountId)})`,
    );
    const worst = sortFindings(report.findings).slice(0, RISKIEST_FINDINGS);
    for (const f of worst) {
      const rest = `${stripControl(f.check)}  ${stripControl(f.title)}`;
      lines.push(`    ${severityLabel(f.severity, p)} ${truncate(rest, width - 5 - SEVERITY_LABEL_WIDTH)}`);
    }
    const more = report.findings.length - worst.length;
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  if (input.risky > RISKIEST) lines.push(`  … and ${input.risky - RISKIEST} more function(s) with findings`);
  return lines;
}
