/**
 * A scan for a terminal: totals, a table of every function riskiest first, the riskiest
 * functions' worst findings, and the functions that could not be fully read.
 */
import type { AuditReport, ScanReport, Severity } from '../model.js';
import { countBySeverity, riskiestFirst, severityRank } from '../model.js';
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

interface Row {
  report: AuditReport;
  name: string;
  counts: Record<Severity, number>;
}

/**
 * A scan for a terminal: totals, one row per function with its counts, the riskiest functions
 * with their worst findings, then, loudly, the functions that were only partly or not at all
 * audited.
 */
export function renderScanText(scan: ScanReport, options: TextOptions): string {
  const width = lineWidth(options);
  const p = new Painter(options.color);
  const { summary } = scan;
  const rows: Row[] = riskiestFirst(scan.functions).map((report) => ({
    report,
    name: stripControl(report.function.name),
    counts: countBySeverity(report.findings),
  }));
  const lines: string[] = [];

  const regions = summary.regions.map(stripControl).join(', ') || 'no region';
  lines.push(p.paint(`Scan of ${summary.functions} function(s) in ${regions}`, 'bold'));
  lines.push(`Findings: ${countsLine(summary.bySeverity, p)}`);
  const perFunction = scan.functions.reduce((n, r) => n + r.findings.length, 0);
  const distinct = new Set(scan.functions.flatMap((r) => r.findings.map((f) => f.fingerprint))).size;
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
  lines.push('', p.paint('Riskiest functions', 'bold'), ...riskiestLines(rows, width, p));
  lines.push(...accountLines(scan.accounts ?? [], width, p));

  const incomplete = rows.filter((r) => r.report.unverified.length > 0);
  if (incomplete.length > 0) {
    lines.push(
      '',
      p.paint(`INCOMPLETE: ${incomplete.length} function(s) not fully checked (a gap is not a pass)`, 'warn'),
    );
    for (const r of incomplete) {
      lines.push(`  ${r.name} (${stripControl(r.report.function.region)})`);
      for (const u of r.report.unverified) {
        lines.push(
          ...wrap(`${stripControl(u.area)}: ${stripControl(u.api)}: ${stripControl(u.reason)}`, width, 4),
        );
      }
    }
  }
  if (summary.failed.length > 0) {
    lines.push(
      '',
      p.paint(`FAILED: ${summary.failed.length} function(s) could not be audited at all`, 'fail'),
    );
    for (const f of summary.failed) {
      lines.push(
        ...wrap(
          `${stripControl(f.function)} (${stripControl(f.region)}): ${stripControl(f.reason)}`,
          width,
          2,
        ),
      );
    }
  }
  return `${lines.join('\n')}\n`;
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
  const regionWidth = Math.max(
    'REGION'.length,
    ...rows.map((r) => length(stripControl(r.report.function.region))),
  );
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
      pad(stripControl(r.report.function.region), regionWidth),
      ...COLUMNS.map((c) => {
        const n = r.counts[c.severity];
        const cell = pad(String(n), 4, 'right');
        return n > 0 ? p.paint(cell, c.severity) : cell;
      }),
      r.report.unverified.length > 0
        ? p.paint(pad(String(r.report.unverified.length), 4, 'right'), 'warn')
        : pad('0', 4, 'right'),
    ];
    lines.push(cells.join('  '));
  });
  return lines;
}

function riskiestLines(rows: readonly Row[], width: number, p: Painter): string[] {
  // Info findings are context, not risk: a function with only those is not "risky".
  const risky = rows.filter((r) =>
    r.report.findings.some((f) => severityRank(f.severity) > severityRank('info')),
  );
  if (risky.length === 0) return ['  no findings above info'];
  const lines: string[] = [];
  for (const r of risky.slice(0, RISKIEST)) {
    const fn = r.report.function;
    lines.push(`  ${p.paint(r.name, 'bold')} (${stripControl(fn.region)}, ${stripControl(fn.accountId)})`);
    const worst = sortFindings(r.report.findings).slice(0, RISKIEST_FINDINGS);
    for (const f of worst) {
      const rest = `${stripControl(f.check)}  ${stripControl(f.title)}`;
      lines.push(`    ${severityLabel(f.severity, p)} ${truncate(rest, width - 5 - SEVERITY_LABEL_WIDTH)}`);
    }
    const more = r.report.findings.length - worst.length;
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  if (risky.length > RISKIEST)
    lines.push(`  … and ${risky.length - RISKIEST} more function(s) with findings`);
  return lines;
}
