/**
 * The pieces the Block Kit answers share (audit, triggers, logs, role, scan): one line per
 * finding, trigger, role and log summary, each escaped and cut to Slack's limits.
 */
import type { types } from '@slack/bolt';
import type { AuditReport, Finding, LogErrorKind, Severity, Trigger, Unverified } from '../model.js';
import { countBySeverity, SEVERITIES } from '../model.js';
import { context, SEVERITY_EMOJI } from './block-kit.js';
import { escapeCode, escapeMrkdwn, truncate } from './escape.js';
import type { FindingActions, FindingMarks } from './finding-actions.js';
import { SLACK_LIMITS as L } from './limits.js';
import { SHOW_ALL_ACTION_ID } from './slack-ids.js';

export interface BlockOptions {
  /** The key a "Show all" button carries; without one, overflow is summarised in words. */
  moreKey?: string;
  /** Findings (or functions, or triggers) spelled out in the first message. */
  firstPage?: number;
  /** Per-finding menus and Re-audit (Slack with a store); none without. */
  actions?: FindingActions;
  /** What people decided about findings: snoozed and accepted ones leave the headline counts. */
  marks?: FindingMarks;
  /** Which page of an audit answer's findings, and which check opened (render/audit-blocks.ts). */
  view?: AnswerView;
  /** A finding the answer must show (the one just snoozed, accepted or ticketed): its page, its check opened. */
  focus?: string;
  /** Slack user id of who shared the answer in the channel: named on top, no Share button. */
  sharedBy?: string;
}

/** Which part of a long answer is on screen: a page of the findings list, and the check opened. */
export interface AnswerView {
  page: number;
  /** The index of the opened check group (its place in `groupByCheck`), or null. */
  open: number | null;
}

/** A Record, so a log error kind added to the model without words here fails to compile. */
export const LOG_LABELS: Record<LogErrorKind, readonly [one: string, many: string]> = {
  error: ['error', 'errors'],
  timeout: ['timeout', 'timeouts'],
  outOfMemory: ['out-of-memory kill', 'out-of-memory kills'],
  unhandled: ['unhandled exception', 'unhandled exceptions'],
  throttle: ['throttle', 'throttles'],
};
export const LOG_KINDS = Object.keys(LOG_LABELS) as LogErrorKind[];

// --- small builders ---------------------------------------------------------------------------

export function showAllButton(label: string, key: string): types.ActionsBlock {
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

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function countsLine(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map(
    (s) => `${SEVERITY_EMOJI[s]} *${counts[s]} ${s}*`,
  );
  return parts.length ? parts.join('  ·  ') : ':white_check_mark: *No findings*';
}

export function plainCounts(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

export function identityContext(report: AuditReport): types.ContextBlock {
  const fn = report.function;
  return context(
    `*Account* ${escapeCode(fn.accountId)}`,
    `*Region* ${escapeCode(fn.region)}`,
    `*Runtime* ${fn.runtime ? escapeCode(fn.runtime) : '_unknown_'}`,
    `*ARN* \`${escapeCode(fn.arn)}\``,
  );
}

export function when(iso: string): string {
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

/** One finding in one line: severity, title, check id. */
export function findingLine(f: Finding): string {
  return `${SEVERITY_EMOJI[f.severity]} *${f.severity.toUpperCase()}* ${escapeMrkdwn(truncate(f.title, 200))} \`${escapeCode(truncate(f.check, 100))}\``;
}

export function triggerLine(t: Trigger): string {
  const bits = [`*${escapeMrkdwn(t.kind)}*`, `\`${escapeCode(truncate(t.source, 300))}\``];
  if (t.async) bits.push('_async_');
  if (t.qualifier) bits.push(`alias \`${escapeCode(t.qualifier)}\``);
  const conditions = conditionWords(t.conditions);
  if (conditions.length) bits.push(`if ${truncate(conditions.join(' and '), 600)}`);
  else if (t.kind === 'public') bits.push('*no condition*');
  return `• ${bits.join(' ')}`;
}

/**
 * A policy condition in words, never as JSON: `{"ArnLike":{"AWS:SourceArn":"arn…"}}` reads
 * "`AWS:SourceArn` ArnLike `arn…`"; a flat `{"AuthType":"NONE"}` reads "`AuthType` is `NONE`".
 */
export function conditionWords(conditions: Record<string, unknown>, operator = ''): string[] {
  return Object.entries(conditions).flatMap(([key, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value))
      return conditionWords(value as Record<string, unknown>, key);
    const values = (Array.isArray(value) ? value : [value]).map(
      (v) => `\`${escapeCode(truncate(String(v), 200))}\``,
    );
    return [`\`${escapeCode(key)}\` ${operator ? escapeMrkdwn(operator) : 'is'} ${values.join(' or ')}`];
  });
}

export function gapsIn(report: AuditReport, areas: readonly string[]): Unverified[] {
  return report.unverified.filter((u) => areas.includes(u.area));
}

export function triggerLines(report: AuditReport, limit: number): string[] {
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

/** Who else uses an execution role: a function's blast radius is every function sharing it. */
export function sharing(sharedWith: number | null): string {
  if (sharedWith === null) return 'sharing unknown';
  return sharedWith === 0
    ? 'used by this function only'
    : `shared with ${plural(sharedWith, 'other function')}`;
}

export function roleText(report: AuditReport): string {
  return `*Role* \`${escapeCode(truncate(report.role.arn, 300))}\` · ${sharing(report.role.sharedWith)}`;
}

export function logCounts(report: AuditReport): string {
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

export function logsText(report: AuditReport): string {
  const { logs } = report;
  const group = `\`${escapeCode(truncate(logs.group, 300))}\``;
  if (logs.exists === false)
    return `*Logs* ${group} · :warning: the log group does not exist: nothing is recorded`;
  if (logs.exists === null) return `*Logs* ${group} · _could not be read_`;
  return `*Logs* ${group} · ${logCounts(report)}`;
}

export function unverifiedText(gaps: readonly Unverified[], limit = 10): string {
  const lines = gaps
    .slice(0, limit)
    .map(
      (u) => `• *${escapeMrkdwn(u.area)}* \`${escapeCode(u.api)}\`: ${escapeMrkdwn(truncate(u.reason, 300))}`,
    );
  if (gaps.length > limit) lines.push(`_…and ${gaps.length - limit} more._`);
  return `:warning: *Not verified*: these could not be read, so their checks did not run and silence is not a pass.\n${lines.join('\n')}`;
}

export function fallback(report: AuditReport, what: string): string {
  const fn = report.function;
  const gaps = report.unverified.length ? `; ${report.unverified.length} unverified` : '';
  return escapeMrkdwn(
    `${what} ${fn.name} (${fn.region}): ${plainCounts(countBySeverity(report.findings))}${gaps}`,
  );
}

export function overflow(
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
