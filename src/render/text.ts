/**
 * One function's report for a terminal, and the focused views of the `triggers` and `logs` verbs
 * (the same sections, alone). Layout helpers are in terminal.ts.
 */

import { isOpenPath } from '../exposure.js';
import type { AuditReport, Finding, InvocationPath, LogSearch, Trigger, Unverified } from '../model.js';
import { countBySeverity } from '../model.js';
import { accountLines } from './account-text.js';
import { LOG_ERROR_LABELS, sortFindings, sortKeysDeep } from './json.js';
import {
  countsLine,
  lineWidth,
  Painter,
  pad,
  type Style,
  severityLabel,
  stripControl,
  type TextOptions,
  truncate,
  wrap,
} from './terminal.js';

const LOG_SAMPLES = 3;

/**
 * One function's report for a terminal: header, counts, findings most severe first with their
 * fix, who can invoke it, log health, the role, and the gaps, which are always shown so that
 * nobody mistakes "could not read" for "nothing wrong".
 */
export function renderText(report: AuditReport, options: TextOptions): string {
  const width = lineWidth(options);
  const p = new Painter(options.color);
  const lines = [
    ...identityLines(report, width, p),
    ...exposureLines(report, width, p),
    ...findingLines(report, report.findings, 'findings', width, p),
    ...accountLines(report.account ? [report.account] : [], width, p),
    ...invokerLines(report, width, p),
    '',
    p.paint('Logs', 'bold'),
    ...logLines(report, width, p),
    '',
    roleLine(report, p),
    '',
    ...unverifiedLines(report.unverified, width, p),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `lambda-audit triggers <fn>`: who can invoke the function and nothing else (the exposure, its
 * paths and trigger inventory, the exposure findings, the role it runs as), with the gaps of the
 * reads behind them; what the Slack answer to `/lambda-audit triggers` shows.
 */
export function renderTriggersText(report: AuditReport, options: TextOptions): string {
  const width = lineWidth(options);
  const p = new Painter(options.color);
  const exposure = report.findings.filter((f) => f.categories.includes('exposure'));
  const lines = [
    ...identityLines(report, width, p),
    ...exposureLines(report, width, p),
    ...findingLines(report, exposure, 'exposure findings', width, p),
    ...invokerLines(report, width, p),
    '',
    roleLine(report, p),
    '',
    ...focusedGaps(report, (area) => INVENTORY_AREAS.has(area) || area === 'paths', width, p),
  ];
  return `${lines.join('\n')}\n`;
}

/** `lambda-audit logs <fn>`: the log group, recent failures and the logging findings, alone. */
export function renderLogsText(report: AuditReport, options: TextOptions): string {
  const width = lineWidth(options);
  const p = new Painter(options.color);
  const logging = report.findings.filter((f) => f.categories.includes('logs'));
  const lines = [
    ...identityLines(report, width, p),
    '',
    p.paint('Logs', 'bold'),
    ...logLines(report, width, p),
    ...findingLines(report, logging, 'logging findings', width, p),
    '',
    ...focusedGaps(report, (area) => area === 'logs', width, p),
  ];
  return `${lines.join('\n')}\n`;
}

/** The invocation paths and the trigger inventory, each under its heading. */
function invokerLines(report: AuditReport, width: number, p: Painter): string[] {
  return [
    '',
    p.paint('Invocation paths', 'bold'),
    ...pathLines(report.paths, width),
    '',
    p.paint('Who can invoke it', 'bold'),
    ...triggerLines(report, width),
  ];
}

function identityLines(report: AuditReport, width: number, p: Painter): string[] {
  const fn = report.function;
  const runtime = fn.runtime === null ? 'none (container image)' : stripControl(fn.runtime);
  return [
    [
      p.paint(stripControl(fn.name), 'bold'),
      `account ${stripControl(fn.accountId)}`,
      `region ${stripControl(fn.region)}`,
      `runtime ${runtime}`,
    ].join('  '),
    p.paint(truncate(stripControl(fn.arn), width), 'dim'),
  ];
}

/** The counts, then each finding most severe first with its fix; `what` names them ("findings"). */
function findingLines(
  report: AuditReport,
  shown: readonly Finding[],
  what: string,
  width: number,
  p: Painter,
): string[] {
  const findings = sortFindings(shown);
  const lines: string[] = [];
  if (findings.length === 0) {
    lines.push(
      report.unverified.length === 0
        ? `No ${what}.`
        : p.paint(
            `No ${what} in what could be read; ${report.unverified.length} gap(s) listed under Unverified.`,
            'warn',
          ),
    );
  } else {
    lines.push(`${what[0]?.toUpperCase()}${what.slice(1)}: ${countsLine(countBySeverity(findings), p)}`);
  }
  for (const f of findings) {
    lines.push(
      '',
      `${severityLabel(f.severity, p)} ${p.paint(stripControl(f.check), 'bold')}  ${stripControl(f.title)}`,
    );
    lines.push(...wrap(stripControl(f.detail), width, 4));
    if (f.resource !== report.function.arn)
      lines.push(...wrap(`resource: ${stripControl(f.resource)}`, width, 4));
    lines.push(...wrap(`Fix: ${stripControl(f.remediation)}`, width, 4));
  }
  return lines;
}

function roleLine(report: AuditReport, p: Painter): string {
  return `${p.paint('Role', 'bold')}  ${stripControl(report.role.arn)}  ${sharedPhrase(report.role.sharedWith)}`;
}

/** A focused view's gaps: those of its own reads, and how many others there are (never hidden). */
function focusedGaps(
  report: AuditReport,
  own: (area: string) => boolean,
  width: number,
  p: Painter,
): string[] {
  const mine = report.unverified.filter((u) => own(u.area));
  const others = report.unverified.length - mine.length;
  const lines = unverifiedLines(mine, width, p);
  if (others > 0)
    lines.push(p.paint(`${others} other gap(s) elsewhere in this audit: see lambda-audit audit`, 'warn'));
  return lines;
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

function unverifiedLines(gaps: readonly Unverified[], width: number, p: Painter): string[] {
  if (gaps.length === 0) return [`${p.paint('Unverified', 'bold')}: nothing, every read succeeded`];
  const lines = [p.paint(`Unverified: ${gaps.length} gap(s), not checked and NOT a pass`, 'warn')];
  for (const u of gaps) {
    lines.push(
      ...wrap(`${stripControl(u.area)}: ${stripControl(u.api)}: ${stripControl(u.reason)}`, width, 2),
    );
  }
  return lines;
}
