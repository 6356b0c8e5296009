/**
 * Block Kit for every CommandOutput: a message a person reads in ten seconds. Every AWS- or
 * user-sourced string goes through escape.ts; every text is cut to Slack's limits; what does
 * not fit in the first message sits behind a "Show all" button whose value is a short key,
 * never the data itself (renderAllPages answers the click).
 */
import type { types } from '@slack/bolt';
import type { CommandOutput } from '../engine-contract.js';
import type { AuditReport, ScanReport } from '../model.js';
import { countBySeverity, riskiestFirst } from '../model.js';
import { renderAuditBlocks } from './audit-blocks.js';
import { context, divider, header, SEVERITY_EMOJI, section } from './block-kit.js';
import {
  type BlockOptions,
  countsLine,
  findingText,
  gapsIn,
  identityContext,
  LOG_KINDS,
  LOG_LABELS,
  logCounts,
  logsText,
  overflow,
  packLines,
  plainCounts,
  plural,
  unverifiedText,
} from './block-parts.js';
import { escapeCode, escapeMrkdwn, truncate } from './escape.js';
import { renderHelpBlocks } from './help-blocks.js';
import { sortFindings } from './json.js';
import { SLACK_LIMITS as L, type SlackMessage } from './limits.js';
import { renderRoleBlocks } from './role-blocks.js';
import { renderSnoozedBlocks } from './snoozed.js';
import { invocationLines, renderTriggersBlocks } from './triggers-blocks.js';

export { renderAuditBlocks } from './audit-blocks.js';
export { type BlockOptions, packLines } from './block-parts.js';
export type { SlackMessage } from './limits.js';
export { renderRoleBlocks } from './role-blocks.js';
export { renderTriggersBlocks } from './triggers-blocks.js';

const LOG_SAMPLES = 5;
/** Leaves room under 50 for the page's own header and trailing note. */
const BLOCKS_PER_PAGE = L.blocksPerMessage - 2;

// --- messages ---------------------------------------------------------------------------------

export function renderLogsBlocks(report: AuditReport): SlackMessage {
  const searched = report.logs.searched;
  const blocks: types.KnownBlock[] = [
    header(`Logs of ${report.function.name}`),
    identityContext(report),
    section(logsText(report)),
  ];
  if (searched) {
    // Five zeros say nothing the "no errors" line above has not said.
    if (LOG_KINDS.some((k) => searched.counts[k] > 0))
      blocks.push({
        type: 'section',
        fields: LOG_KINDS.map((k) => ({
          type: 'mrkdwn',
          text: `*${LOG_LABELS[k][1]}*\n${searched.truncated ? '≥' : ''}${searched.counts[k]}`,
        })),
      });
    const samples = searched.samples.slice(0, LOG_SAMPLES).map((s) => {
      const at = new Date(s.timestamp).toISOString().slice(0, 19).replace('T', ' ');
      return `${at}  ${escapeMrkdwn(truncate(s.message, 400)).replace(/```/g, 'ˋˋˋ')}`;
    });
    if (samples.length)
      blocks.push(section(`${truncate(`\`\`\`${samples.join('\n')}`, L.sectionText - 3)}\`\`\``));
  }
  const gaps = gapsIn(report, ['logs']);
  if (gaps.length) blocks.push(section(unverifiedText(gaps)));
  return { text: escapeMrkdwn(`Logs of ${report.function.name}: ${logCounts(report)}`), blocks };
}

function scanLine(report: AuditReport): string {
  const fn = report.function;
  const top = sortFindings(report.findings)[0];
  const emoji = top ? SEVERITY_EMOJI[top.severity] : ':white_check_mark:';
  const gaps = report.unverified.length ? ` · :warning: ${report.unverified.length} not verified` : '';
  return `${emoji} \`${escapeCode(truncate(fn.name, 140))}\` ${escapeMrkdwn(fn.region)} · ${plainCounts(countBySeverity(report.findings))}${gaps}`;
}

export function renderScanBlocks(scan: ScanReport, options: BlockOptions = {}): SlackMessage {
  const { summary } = scan;
  const first = riskiestFirst(scan.functions).slice(0, options.firstPage ?? 20);
  const lines = first.map(scanLine);
  const blocks: types.KnownBlock[] = [
    header(`Lambda scan: ${plural(summary.functions, 'function')}`),
    context(`*Regions* ${summary.regions.map(escapeCode).join(', ') || '_none_'}`),
    section(
      `${countsLine(summary.bySeverity)}${summary.incomplete ? `  ·  :warning: *${summary.incomplete} incomplete*` : ''}`,
    ),
    divider,
    ...packLines(lines).slice(0, 10).map(section),
    // The whole scan's count: a scan read from the store comes with its riskiest functions only.
    ...overflow(first.length, summary.functions, 'functions', options, 'lambda-audit scan'),
  ];
  if (summary.failed.length) {
    const failed = summary.failed
      .slice(0, 10)
      .map(
        (f) =>
          `• \`${escapeCode(truncate(f.function, 200))}\` ${escapeMrkdwn(f.region)}: ${escapeMrkdwn(truncate(f.reason, 200))}`,
      );
    if (summary.failed.length > 10) failed.push(`_…and ${summary.failed.length - 10} more._`);
    blocks.push(section(`:warning: *Could not audit*\n${failed.join('\n')}`));
  }
  return {
    text: escapeMrkdwn(
      `lambda-audit scan: ${summary.functions} functions, ${plainCounts(summary.bySeverity)}`,
    ),
    blocks,
  };
}

/** The Block Kit message for a verb's output; the first page of it when it is long. */
export function renderBlocks(output: CommandOutput, options: BlockOptions = {}): SlackMessage {
  switch (output.kind) {
    case 'audit':
      return renderAuditBlocks(output.report, options);
    case 'triggers':
      return renderTriggersBlocks(output.report, options);
    case 'logs':
      return renderLogsBlocks(output.report);
    case 'role':
      return renderRoleBlocks(output.report, options);
    case 'scan':
      return renderScanBlocks(output.report, options);
    case 'help':
      return renderHelpBlocks(output);
    case 'snoozed':
      return renderSnoozedBlocks(output.items);
  }
}

/** A short message (an error, a notice): already-escaped mrkdwn in one section. */
export function renderNotice(mrkdwn: string): SlackMessage {
  return { text: truncate(mrkdwn, L.sectionText), blocks: [section(mrkdwn)] };
}

/**
 * Everything the "Show all" button promised, in at most `maxPages` messages. A list longer than
 * that ends with a note pointing to the CLI rather than being silently cut.
 */
export function renderAllPages(output: CommandOutput, maxPages: number): SlackMessage[] {
  let title: string;
  let lines: string[];
  let cli: string;
  /** The output itself holds only part of the list (a scan's riskiest functions). */
  let partial = false;
  switch (output.kind) {
    case 'audit':
    case 'role':
    case 'logs': {
      const r = output.report;
      title = `All findings: ${r.function.name} (${r.findings.length})`;
      lines = sortFindings(r.findings).map((f) => findingText(f, r.function.arn, true));
      cli = `lambda-audit audit ${r.function.arn} --format json`;
      break;
    }
    case 'triggers':
      lines = invocationLines(output.report);
      title = `All ways in: ${output.report.function.name} (${lines.length})`;
      cli = `lambda-audit triggers ${output.report.function.arn}`;
      break;
    case 'scan': {
      const { functions, summary } = output.report;
      partial = functions.length < summary.functions;
      const listed = partial ? `, the ${functions.length} riskiest` : '';
      title = `All functions (${summary.functions}${listed})`;
      lines = riskiestFirst(functions).map(scanLine);
      cli = 'lambda-audit scan --format json';
      break;
    }
    case 'help':
      return [renderHelpBlocks(output)];
    case 'snoozed':
      return [renderSnoozedBlocks(output.items)];
  }
  const chunks = packLines(lines);
  const pages: SlackMessage[] = [];
  for (let i = 0; i < chunks.length && pages.length < maxPages; i += BLOCKS_PER_PAGE) {
    const blocks: types.KnownBlock[] = chunks.slice(i, i + BLOCKS_PER_PAGE).map(section);
    if (i === 0) blocks.unshift(header(title));
    pages.push({ text: escapeMrkdwn(title), blocks });
  }
  const shownChunks = Math.min(chunks.length, maxPages * BLOCKS_PER_PAGE);
  const last = pages.at(-1);
  if (last && (shownChunks < chunks.length || partial)) {
    last.blocks.push(
      context(`Slack cannot take more in one answer; \`${escapeCode(cli)}\` lists everything.`),
    );
  }
  if (pages.length === 0) pages.push(renderNotice('_Nothing to list._'));
  return pages;
}
