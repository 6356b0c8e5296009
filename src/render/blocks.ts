/**
 * Block Kit for every CommandOutput: a message a person reads in ten seconds. Every AWS- or
 * user-sourced string goes through escape.ts; every text is cut to Slack's limits; what does
 * not fit in the first message sits behind a "Show all" button whose value is a short key,
 * never the data itself (renderAllPages answers the click).
 */
import type { types } from '@slack/bolt';
import type { CommandOutput } from '../engine-contract.js';
import type {
  AuditReport,
  Finding,
  LogErrorKind,
  ScanReport,
  Severity,
  Trigger,
  Unverified,
} from '../model.js';
import { countBySeverity, riskiestFirst, SEVERITIES } from '../model.js';
import { context, divider, header, SEVERITY_EMOJI, section } from './block-kit.js';
import { escapeCode, escapeMrkdwn, truncate } from './escape.js';
import {
  type FindingActions,
  type FindingMarks,
  findingMenu,
  isMuted,
  markLine,
  mutedSummary,
  reauditBlock,
} from './finding-actions.js';
import { sortFindings } from './json.js';
import { SLACK_LIMITS as L, type SlackMessage } from './limits.js';
import { renderSnoozedBlocks } from './snoozed.js';

export type { SlackMessage } from './limits.js';

/** The action_id of every "Show all" button; the listener for it lives in src/slack/listeners. */
export const SHOW_ALL_ACTION_ID = 'lambda_audit_show_all';

export interface BlockOptions {
  /** The key a "Show all" button carries; without one, overflow is summarised in words. */
  moreKey?: string;
  /** Findings (or functions, or triggers) spelled out in the first message. */
  firstPage?: number;
  /** Per-finding menus and Re-audit (Slack with a store); none without. */
  actions?: FindingActions;
  /** What people decided about findings: snoozed and accepted ones leave the headline counts. */
  marks?: FindingMarks;
}

const FIRST_PAGE = 10;
const TRIGGER_LINES = 8;
/** Snoozed or accepted findings listed after the open ones in the first message. */
const MUTED_SHOWN = 3;
const LOG_SAMPLES = 5;
/** Leaves room under 50 for the page's own header and trailing note. */
const BLOCKS_PER_PAGE = L.blocksPerMessage - 2;

/** A Record, so a log error kind added to the model without words here fails to compile. */
const LOG_LABELS: Record<LogErrorKind, readonly [one: string, many: string]> = {
  error: ['error', 'errors'],
  timeout: ['timeout', 'timeouts'],
  outOfMemory: ['out-of-memory kill', 'out-of-memory kills'],
  unhandled: ['unhandled exception', 'unhandled exceptions'],
  throttle: ['throttle', 'throttles'],
};
const LOG_KINDS = Object.keys(LOG_LABELS) as LogErrorKind[];

// --- small builders ---------------------------------------------------------------------------

function showAllButton(label: string, key: string): types.ActionsBlock {
  const button: types.Button = {
    type: 'button',
    action_id: SHOW_ALL_ACTION_ID,
    text: { type: 'plain_text', text: truncate(label, L.buttonText) },
    // The key finds the report in the app's cache; the report itself never travels in the value.
    value: truncate(key, L.buttonValue),
  };
  return { type: 'actions', elements: [button] };
}

/** Joins lines into as few texts of at most `max` characters as possible; a line too long is cut. */
export function packLines(lines: readonly string[], max: number = L.sectionText): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countsLine(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map(
    (s) => `${SEVERITY_EMOJI[s]} *${counts[s]} ${s}*`,
  );
  return parts.length ? parts.join('  ·  ') : ':white_check_mark: *No findings*';
}

function plainCounts(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

function identityContext(report: AuditReport): types.ContextBlock {
  const fn = report.function;
  return context(
    `*Account* ${escapeCode(fn.accountId)}`,
    `*Region* ${escapeCode(fn.region)}`,
    `*Runtime* ${fn.runtime ? escapeCode(fn.runtime) : '_unknown_'}`,
    `*ARN* \`${escapeCode(fn.arn)}\``,
  );
}

function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t)
    ? escapeMrkdwn(iso)
    : `${new Date(t).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

// --- pieces of an audit -----------------------------------------------------------------------

/** One finding: severity and id, the title, the detail in one line, and the fix. */
export function findingText(f: Finding, functionArn: string, compact = false): string {
  const head = `${SEVERITY_EMOJI[f.severity]} *${f.severity.toUpperCase()}* \`${escapeCode(f.check)}\`  *${escapeMrkdwn(f.title)}*`;
  const on =
    f.resource && f.resource !== functionArn ? ` (on \`${escapeCode(truncate(f.resource, 200))}\`)` : '';
  const detail = escapeMrkdwn(truncate(f.detail, compact ? 200 : 600));
  const fix = escapeMrkdwn(truncate(f.remediation, compact ? 200 : 800));
  return compact ? `${head}${on}: ${detail} *Fix:* ${fix}` : `${head}${on}\n${detail}\n*Fix:* ${fix}`;
}

function triggerLine(t: Trigger): string {
  const bits = [`*${escapeMrkdwn(t.kind)}*`, `\`${escapeCode(truncate(t.source, 300))}\``];
  if (t.async) bits.push('_async_');
  if (t.qualifier) bits.push(`alias \`${escapeCode(t.qualifier)}\``);
  const conditions = Object.keys(t.conditions).length ? JSON.stringify(t.conditions) : '';
  if (conditions) bits.push(`if \`${escapeCode(truncate(conditions, 300))}\``);
  else if (t.kind === 'public') bits.push('*no condition*');
  return `• ${bits.join(' ')}`;
}

function gapsIn(report: AuditReport, areas: readonly string[]): Unverified[] {
  return report.unverified.filter((u) => areas.includes(u.area));
}

function triggerLines(report: AuditReport, limit: number): string[] {
  const { triggers } = report;
  if (triggers.length === 0) {
    return gapsIn(report, ['triggers', 'url', 'policy']).length
      ? ['_Could not read every source of invocations; see *Not verified*._']
      : ['_No resource policy, URL or event source: only IAM principals of this account can invoke it._'];
  }
  const lines = triggers.slice(0, limit).map(triggerLine);
  if (triggers.length > limit)
    lines.push(`_…and ${triggers.length - limit} more (\`/lambda-audit triggers\`)._`);
  return lines;
}

function roleText(report: AuditReport): string {
  const { role } = report;
  const shared =
    role.sharedWith === null
      ? 'sharing unknown'
      : role.sharedWith === 0
        ? 'used by this function only'
        : `shared with ${plural(role.sharedWith, 'other function')}`;
  return `*Role* \`${escapeCode(truncate(role.arn, 300))}\` · ${shared}`;
}

function logCounts(report: AuditReport): string {
  const searched = report.logs.searched;
  if (!searched) return 'not searched';
  const more = searched.truncated ? '≥' : '';
  const parts = LOG_KINDS.filter((k) => searched.counts[k] > 0).map((k) => {
    const n = searched.counts[k];
    return `${more}${n} ${LOG_LABELS[k][n === 1 ? 0 : 1]}`;
  });
  const hours = Math.max(1, Math.round((searched.endTime - searched.startTime) / 3_600_000));
  return `${parts.length ? parts.join(', ') : 'no errors'} in the last ${plural(hours, 'hour')}`;
}

function logsText(report: AuditReport): string {
  const { logs } = report;
  const group = `\`${escapeCode(truncate(logs.group, 300))}\``;
  if (logs.exists === false)
    return `*Logs* ${group} · :warning: the log group does not exist: nothing is recorded`;
  if (logs.exists === null) return `*Logs* ${group} · _could not be read_`;
  return `*Logs* ${group} · ${logCounts(report)}`;
}

function unverifiedText(gaps: readonly Unverified[], limit = 10): string {
  const lines = gaps
    .slice(0, limit)
    .map(
      (u) => `• *${escapeMrkdwn(u.area)}* \`${escapeCode(u.api)}\`: ${escapeMrkdwn(truncate(u.reason, 300))}`,
    );
  if (gaps.length > limit) lines.push(`_…and ${gaps.length - limit} more._`);
  return `:warning: *Not verified*: these could not be read, so their checks did not run and silence is not a pass.\n${lines.join('\n')}`;
}

function fallback(report: AuditReport, what: string): string {
  const fn = report.function;
  const gaps = report.unverified.length ? `; ${report.unverified.length} unverified` : '';
  return escapeMrkdwn(
    `${what} ${fn.name} (${fn.region}): ${plainCounts(countBySeverity(report.findings))}${gaps}`,
  );
}

function overflow(
  shown: number,
  total: number,
  noun: string,
  options: BlockOptions,
  cli: string,
): types.KnownBlock[] {
  if (total <= shown) return [];
  const note = context(`Showing ${shown} of ${total} ${noun}, most severe first.`);
  if (options.moreKey) return [note, showAllButton(`Show all ${noun} (${total})`, options.moreKey)];
  return [context(`Showing ${shown} of ${total} ${noun}; \`${escapeCode(cli)}\` lists them all.`)];
}

// --- messages ---------------------------------------------------------------------------------

/** A finding's section: its decision line, and its menu when the message has actions. */
function findingBlock(f: Finding, report: AuditReport, options: BlockOptions): types.SectionBlock {
  const mark = markLine(options.marks?.get(f.fingerprint));
  const block = section(`${findingText(f, report.function.arn)}${mark ? `\n${mark}` : ''}`);
  return options.actions ? { ...block, accessory: findingMenu(f, options.actions) } : block;
}

export function renderAuditBlocks(report: AuditReport, options: BlockOptions = {}): SlackMessage {
  const sorted = sortFindings(report.findings);
  // Snoozed and accepted findings stay listed, after the rest, and leave the headline counts.
  const muted = (f: Finding) => isMuted(options.marks?.get(f.fingerprint));
  const active = sorted.filter((f) => !muted(f));
  const findings = [...active, ...sorted.filter(muted)];
  // A few decided ones are shown even when the open ones fill the page: people look for them.
  const first = [
    ...active.slice(0, options.firstPage ?? FIRST_PAGE),
    ...sorted.filter(muted).slice(0, MUTED_SHOWN),
  ];
  const counts = `${countsLine(countBySeverity(sorted.filter((f) => !muted(f))))}${mutedSummary(sorted, options.marks)}`;
  const gapNote = report.unverified.length ? `  ·  :warning: *${report.unverified.length} not verified*` : '';
  const blocks: types.KnownBlock[] = [
    header(`Lambda audit: ${report.function.name}`),
    identityContext(report),
    section(`${counts}${gapNote}`),
    divider,
    ...first.map((f) => findingBlock(f, report, options)),
    ...overflow(
      first.length,
      findings.length,
      'findings',
      options,
      `lambda-audit audit ${report.function.arn}`,
    ),
    ...(first.length ? [divider] : []),
    section(
      `*Who can invoke it* (${report.triggers.length})\n${triggerLines(report, TRIGGER_LINES).join('\n')}`,
    ),
    section(roleText(report)),
    section(logsText(report)),
    ...(report.unverified.length ? [section(unverifiedText(report.unverified))] : []),
    context(`Audited ${when(report.generatedAt)}`),
    ...(options.actions ? [reauditBlock(report)] : []),
  ];
  return { text: fallback(report, 'lambda-audit'), blocks };
}

export function renderTriggersBlocks(report: AuditReport, options: BlockOptions = {}): SlackMessage {
  const limit = options.firstPage ?? 30;
  const lines = triggerLines(report, limit);
  const gaps = gapsIn(report, ['triggers', 'url', 'policy']);
  const blocks: types.KnownBlock[] = [
    header(`Who can invoke ${report.function.name}`),
    identityContext(report),
    ...packLines(lines).slice(0, 10).map(section),
    ...overflow(
      Math.min(limit, report.triggers.length),
      report.triggers.length,
      'triggers',
      options,
      `lambda-audit triggers ${report.function.arn}`,
    ),
    section(roleText(report)),
    ...(gaps.length ? [section(unverifiedText(gaps))] : []),
  ];
  return { text: escapeMrkdwn(`Triggers of ${report.function.name}: ${report.triggers.length}`), blocks };
}

export function renderLogsBlocks(report: AuditReport): SlackMessage {
  const searched = report.logs.searched;
  const blocks: types.KnownBlock[] = [
    header(`Logs of ${report.function.name}`),
    identityContext(report),
    section(logsText(report)),
  ];
  if (searched) {
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

/** `role <fn>`: the role's findings, escalation paths first, and the least-privilege proposal. */
export function renderRoleBlocks(report: AuditReport, options: BlockOptions = {}): SlackMessage {
  const findings = sortFindings(report.findings.filter((f) => f.categories.includes('role')));
  const first = findings.slice(0, options.firstPage ?? FIRST_PAGE);
  const proposal = report.role.proposal;
  const policy = proposal ? JSON.stringify(proposal.policy, null, 2) : '';
  const blocks: types.KnownBlock[] = [
    header(`Execution role: ${report.function.name}`),
    identityContext(report),
    section(roleText(report)),
    section(`${countsLine(countBySeverity(findings))}`),
    ...first.map((f) => section(findingText(f, report.function.arn))),
    ...overflow(
      first.length,
      findings.length,
      'findings',
      options,
      `lambda-audit role ${report.function.arn}`,
    ),
    divider,
  ];
  if (!proposal) {
    blocks.push(section('*Proposed policy*: none, the role or its last-accessed data could not be read.'));
  } else {
    const removed =
      proposal.removedServices.map((r) => `\`${escapeCode(r.service)}\``).join(', ') || 'nothing';
    blocks.push(
      section(
        `*Proposed least-privilege policy* (confidence ${proposal.confidence}, ${proposal.windowDays}-day window)\n` +
          `Removes: ${truncate(removed, 1500)}`,
      ),
    );
    blocks.push(
      policy.length <= L.sectionText - 8
        ? section(`\`\`\`${escapeCode(policy)}\`\`\``)
        : context(
            `The policy is ${policy.length} characters; \`${escapeCode(`lambda-audit role ${report.function.arn} --format json`)}\` prints it.`,
          ),
    );
    for (const chunk of packLines(
      escapeMrkdwn(proposal.diff, { keepNewlines: true }).split('\n'),
      L.sectionText - 8,
    ).slice(0, 3)) {
      blocks.push(section(`\`\`\`${chunk.replace(/```/g, 'ˋˋˋ')}\`\`\``));
    }
  }
  blocks.push(context(`Analysed ${when(report.generatedAt)}`));
  return { text: fallback(report, 'lambda-audit role'), blocks };
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
    ...overflow(first.length, scan.functions.length, 'functions', options, 'lambda-audit scan'),
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

export function renderHelpBlocks(text: string): SlackMessage {
  const lines = escapeMrkdwn(text, { keepNewlines: true }).replace(/```/g, 'ˋˋˋ').split('\n');
  const chunks = packLines(lines, L.sectionText - 6).slice(0, 10);
  return { text: 'lambda-audit help', blocks: chunks.map((c) => section(`\`\`\`${c}\`\`\``)) };
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
      return renderHelpBlocks(output.text);
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
      title = `All triggers: ${output.report.function.name} (${output.report.triggers.length})`;
      lines = output.report.triggers.map(triggerLine);
      cli = `lambda-audit triggers ${output.report.function.arn}`;
      break;
    case 'scan':
      title = `All functions (${output.report.functions.length})`;
      lines = riskiestFirst(output.report.functions).map(scanLine);
      cli = 'lambda-audit scan --format json';
      break;
    case 'help':
      return [renderHelpBlocks(output.text)];
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
  if (last && shownChunks < chunks.length) {
    last.blocks.push(
      context(`Slack cannot take more in one answer; \`${escapeCode(cli)}\` lists everything.`),
    );
  }
  if (pages.length === 0) pages.push(renderNotice('_Nothing to list._'));
  return pages;
}
