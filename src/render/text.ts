import { isOpenPath } from '../exposure.js';
import type { AuditReport, InvocationPath, LogSearch, ScanReport, Severity, Trigger } from '../model.js';
import { countBySeverity, riskiestFirst, SEVERITIES, severityRank } from '../model.js';
import { LOG_ERROR_LABELS, sortFindings, sortKeysDeep } from './json.js';

export interface TextOptions {
  /** ANSI colours. The CLI passes `process.stdout.isTTY && !NO_COLOR`; false prints no escape at all. */
  color: boolean;
  /** Columns to wrap long text at (the terminal's width when known). */
  width?: number;
}

const DEFAULT_WIDTH = 100;
/** Narrower than this and wrapping does more harm than good. */
const MIN_WIDTH = 40;
/** How many riskiest functions a scan spells out, and how many findings for each. */
const RISKIEST = 5;
const RISKIEST_FINDINGS = 3;
const LOG_SAMPLES = 3;
const NAME_COLUMN_MAX = 48;

// ---------------------------------------------------------------------------------------------
// Sanitising: every string that came from AWS (names, ARNs, log lines, reasons, evidence) can
// hold bytes a terminal obeys. A log line with ESC[2J clears the screen; ESC]0;...BEL retitles
// the window; CR overwrites what was printed before it; a bidi override reorders what the reader
// sees. All of it is removed before printing; other unicode is kept.
// ---------------------------------------------------------------------------------------------

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC strings, two-byte escapes,
// and the one-byte C1 CSI.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~])|\u009b[0-?]*[ -/]*[@-~]/g;
const LINE_BREAKING = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A string made safe for a terminal: escape sequences and control characters removed, line
 * breaks and tabs turned into single spaces (each field prints on its own line), unicode kept.
 */
export function stripControl(value: string): string {
  return value.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKING, ' ').replace(CONTROL, '');
}

// ---------------------------------------------------------------------------------------------
// Styling
// ---------------------------------------------------------------------------------------------

type Style = Severity | 'bold' | 'dim' | 'warn' | 'fail';

const SGR: Record<Style, string> = {
  critical: '1;97;41',
  high: '1;31',
  medium: '33',
  low: '36',
  info: '2',
  bold: '1',
  dim: '2',
  warn: '1;33',
  fail: '1;31',
};

/** Styling is applied last, to text already padded and wrapped, so escapes never count as width. */
class Painter {
  constructor(private readonly color: boolean) {}
  paint(text: string, style: Style): string {
    return this.color && text !== '' ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text;
  }
}

const SEVERITY_LABEL_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));

function severityLabel(severity: Severity, p: Painter): string {
  return p.paint(severity.toUpperCase().padEnd(SEVERITY_LABEL_WIDTH), severity);
}

// ---------------------------------------------------------------------------------------------
// Layout helpers (widths in code points: good enough for names and English prose)
// ---------------------------------------------------------------------------------------------

function length(text: string): number {
  return [...text].length;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - length(text)));
  return align === 'left' ? text + fill : fill + text;
}

/** Word-wraps one paragraph; a word longer than a line is cut rather than overflowing. */
function wrap(text: string, width: number, indent: number): string[] {
  const room = Math.max(10, width - indent);
  const prefix = ' '.repeat(indent);
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ').filter((w) => w !== '')) {
    while (length(word) > room) {
      if (line !== '') lines.push(line);
      const chars = [...word];
      lines.push(chars.slice(0, room).join(''));
      word = chars.slice(room).join('');
      line = '';
    }
    if (line === '') line = word;
    else if (length(line) + 1 + length(word) <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines.map((l) => prefix + l);
}

function countsLine(counts: Record<Severity, number>, p: Painter): string {
  return SEVERITIES.map((s) => {
    const part = `${counts[s]} ${s}`;
    return counts[s] > 0 ? p.paint(part, s) : part;
  }).join(', ');
}

// ---------------------------------------------------------------------------------------------
// One function
// ---------------------------------------------------------------------------------------------

/**
 * One function's report for a terminal: header, counts, findings most severe first with their
 * fix, who can invoke it, log health, the role, and the gaps, which are always shown so that
 * nobody mistakes "could not read" for "nothing wrong".
 */
export function renderText(report: AuditReport, options: TextOptions): string {
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const p = new Painter(options.color);
  const fn = report.function;
  const findings = sortFindings(report.findings);
  const lines: string[] = [];

  const runtime = fn.runtime === null ? 'none (container image)' : stripControl(fn.runtime);
  lines.push(
    [
      p.paint(stripControl(fn.name), 'bold'),
      `account ${stripControl(fn.accountId)}`,
      `region ${stripControl(fn.region)}`,
      `runtime ${runtime}`,
    ].join('  '),
    p.paint(truncate(stripControl(fn.arn), width), 'dim'),
    ...exposureLines(report, width, p),
  );
  if (findings.length === 0) {
    lines.push(
      report.unverified.length === 0
        ? 'No findings.'
        : p.paint(
            `No findings in what could be read; ${report.unverified.length} gap(s) listed under Unverified.`,
            'warn',
          ),
    );
  } else {
    lines.push(`Findings: ${countsLine(countBySeverity(findings), p)}`);
  }

  for (const f of findings) {
    lines.push(
      '',
      `${severityLabel(f.severity, p)} ${p.paint(stripControl(f.check), 'bold')}  ${stripControl(f.title)}`,
    );
    lines.push(...wrap(stripControl(f.detail), width, 4));
    if (f.resource !== fn.arn) lines.push(...wrap(`resource: ${stripControl(f.resource)}`, width, 4));
    lines.push(...wrap(`Fix: ${stripControl(f.remediation)}`, width, 4));
  }

  lines.push('', p.paint('Invocation paths', 'bold'), ...pathLines(report.paths, width));
  lines.push('', p.paint('Who can invoke it', 'bold'), ...triggerLines(report, width));
  lines.push('', p.paint('Logs', 'bold'), ...logLines(report, width, p));
  lines.push(
    '',
    `${p.paint('Role', 'bold')}  ${stripControl(report.role.arn)}  ${sharedPhrase(report.role.sharedWith)}`,
  );
  lines.push('', ...unverifiedLines(report, width, p));
  return `${lines.join('\n')}\n`;
}

const OPEN_PATHS_SHOWN = 5;

/** The verdict first: the exposure, then each open path (source, and why it is open). */
function exposureLines(report: AuditReport, width: number, p: Painter): string[] {
  const open = report.paths.filter(isOpenPath);
  const style: Style =
    report.exposure === 'internet-open' ? 'fail' : report.exposure === 'unknown' ? 'warn' : 'bold';
  const lines = [`Exposure: ${p.paint(report.exposure, style)}`];
  for (const path of open.slice(0, OPEN_PATHS_SHOWN)) {
    lines.push(
      ...wrap(`open: ${path.kind} ${stripControl(path.source)}: ${stripControl(path.why)}`, width, 2),
    );
  }
  if (open.length > OPEN_PATHS_SHOWN)
    lines.push(`  … and ${open.length - OPEN_PATHS_SHOWN} more open path(s)`);
  return lines;
}

/** A path's guards in a few words: auth, validation, WAF, encryption, TLS where they apply. */
export function pathFlags(path: InvocationPath): string {
  const flags = [`auth ${path.auth ?? '-'}`];
  if (path.validation !== null) flags.push(`validation ${path.validation}`);
  if (path.waf !== null) flags.push(path.waf ? 'waf' : 'no waf');
  if (path.encryption !== null) flags.push(`encryption ${path.encryption}`);
  if (path.tls === false) flags.push('plain http');
  if (path.qualifier) flags.push(`qualifier ${stripControl(path.qualifier)}`);
  return flags.join(', ');
}

function pathLines(paths: readonly InvocationPath[], width: number): string[] {
  if (paths.length === 0) return ['  none: nothing can invoke the function'];
  const kindWidth = Math.max(...paths.map((x) => x.kind.length));
  const reachWidth = Math.max(...paths.map((x) => x.reach.length));
  return paths.flatMap((path) => [
    `  ${pad(path.kind, kindWidth)}  ${pad(path.reach, reachWidth)}  ${stripControl(path.source)}`,
    ...wrap(
      `${pathFlags(path)}; ${stripControl(path.why)}${path.unverified.length > 0 ? ` (unverified: ${path.unverified.join(', ')})` : ''}`,
      width,
      6 + kindWidth + reachWidth,
    ),
  ]);
}

const INVENTORY_AREAS = new Set(['triggers', 'url', 'policy']);

function triggerLines(report: AuditReport, width: number): string[] {
  if (report.triggers.length === 0) {
    // The URL config and the policy feed the inventory too: a gap in either makes "none" unsure.
    const gap = report.unverified.some((u) => INVENTORY_AREAS.has(u.area));
    return [gap ? '  none found, but the inventory is incomplete (see Unverified)' : '  no triggers found'];
  }
  const kindWidth = Math.max(...report.triggers.map((t) => t.kind.length));
  return report.triggers.flatMap((t) => {
    const lines = [`  ${pad(t.kind, kindWidth)}  ${stripControl(t.source)}${triggerTags(t)}`];
    if (Object.keys(t.conditions).length > 0) {
      lines.push(
        ...wrap(`when ${stripControl(JSON.stringify(sortKeysDeep(t.conditions)))}`, width, 4 + kindWidth),
      );
    }
    return lines;
  });
}

function triggerTags(t: Trigger): string {
  const tags = [t.async ? 'async' : 'sync'];
  if (t.qualifier) tags.push(`qualifier ${stripControl(t.qualifier)}`);
  return `  (${tags.join(', ')})`;
}

function logLines(report: AuditReport, width: number, p: Painter): string[] {
  const { group, exists, searched } = report.logs;
  const state = exists === true ? 'exists' : exists === false ? p.paint('does not exist', 'warn') : 'unknown';
  const lines = [`  group ${stripControl(group)}: ${state}`];
  if (searched === null) {
    const gap = report.unverified.some((u) => u.area === 'logs');
    lines.push(gap ? '  errors: not searched (see Unverified)' : '  errors: not searched');
    return lines;
  }
  lines.push(`  ${errorSummary(searched)}`);
  for (const sample of searched.samples.slice(0, LOG_SAMPLES)) {
    const at = new Date(sample.timestamp).toISOString();
    lines.push(p.paint(truncate(`    ${at} ${stripControl(sample.message)}`, width), 'dim'));
  }
  return lines;
}

function errorSummary(s: LogSearch): string {
  const hours = Math.max(1, Math.round((s.endTime - s.startTime) / 3_600_000));
  const kinds = (Object.keys(LOG_ERROR_LABELS) as (keyof typeof LOG_ERROR_LABELS)[]).filter(
    (k) => (s.counts[k] ?? 0) > 0,
  );
  if (kinds.length === 0) return `last ${hours} h: no errors${s.truncated ? ' (search stopped early)' : ''}`;
  // A truncated search stopped at its page limit, so its counts are floors.
  const floor = s.truncated ? 'at least ' : '';
  return `last ${hours} h: ${floor}${kinds.map((k) => `${s.counts[k]} ${LOG_ERROR_LABELS[k][s.counts[k] === 1 ? 0 : 1]}`).join(', ')}`;
}

function sharedPhrase(sharedWith: number | null): string {
  if (sharedWith === null) return '(sharing unknown)';
  if (sharedWith === 0) return '(not shared)';
  return `(shared with ${sharedWith} other function${sharedWith === 1 ? '' : 's'})`;
}

function unverifiedLines(report: AuditReport, width: number, p: Painter): string[] {
  if (report.unverified.length === 0)
    return [`${p.paint('Unverified', 'bold')}: nothing, every read succeeded`];
  const lines = [
    p.paint(`Unverified: ${report.unverified.length} gap(s), not checked and NOT a pass`, 'warn'),
  ];
  for (const u of report.unverified) {
    lines.push(
      ...wrap(`${stripControl(u.area)}: ${stripControl(u.api)}: ${stripControl(u.reason)}`, width, 2),
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// A scan
// ---------------------------------------------------------------------------------------------

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
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
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
